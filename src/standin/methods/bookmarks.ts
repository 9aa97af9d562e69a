import { LIMITS } from '../limits.js';
import type { BookmarkRecord } from '../types.js';
import { type MethodHandler, fail, str, visibleChannel } from './context.js';

export const bookmarksMethods: Record<string, MethodHandler> = {
  'bookmarks.add': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel_id'));
    const type = str(args, 'type') ?? '';
    if (type !== 'link') fail('invalid_bookmark_type');
    const link = str(args, 'link') ?? '';
    if (!/^https?:\/\/\S+$/i.test(link)) fail('invalid_link');
    let list = ctx.state.bookmarks.get(ch.id);
    if (!list) {
      list = [];
      ctx.state.bookmarks.set(ch.id, list);
    }
    if (list.length >= LIMITS.bookmarks) fail('too_many_bookmarks');
    const bookmark: BookmarkRecord = {
      id: ctx.state.newId('Bk0'),
      channel_id: ch.id,
      title: str(args, 'title') ?? '',
      type,
      link,
      created_by: ctx.state.identity.botUserId,
      date_created: ctx.state.nowSec(),
    };
    const emoji = str(args, 'emoji');
    if (emoji !== undefined && emoji !== '') bookmark.emoji = emoji;
    list.push(bookmark);
    return {
      bookmark: {
        ...bookmark,
        emoji: bookmark.emoji ?? null,
        icon_url: null,
        entity_id: null,
        date_updated: bookmark.date_created,
        rank: String(list.length),
        last_updated_by_user_id: bookmark.created_by,
        last_updated_by_team_id: ctx.state.identity.teamId,
        shortcut_id: null,
        app_id: ctx.state.identity.appId,
      },
    };
  },
};
