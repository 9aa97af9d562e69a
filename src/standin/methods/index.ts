import { authMethods } from './auth.js';
import { bookmarksMethods } from './bookmarks.js';
import { canvasesMethods } from './canvases.js';
import { chatMethods } from './chat.js';
import type { MethodHandler } from './context.js';
import { conversationsManageMethods } from './conversations-manage.js';
import { conversationsReadMethods } from './conversations-read.js';
import { filesMethods } from './files.js';
import { pinsMethods } from './pins.js';
import { reactionsMethods } from './reactions.js';
import { usergroupsMethods } from './usergroups.js';
import { usersMethods } from './users.js';
import { viewsMethods } from './views.js';

export const METHOD_HANDLERS: Readonly<Record<string, MethodHandler>> = {
  ...authMethods,
  ...bookmarksMethods,
  ...canvasesMethods,
  ...chatMethods,
  ...conversationsManageMethods,
  ...conversationsReadMethods,
  ...filesMethods,
  ...pinsMethods,
  ...reactionsMethods,
  ...usergroupsMethods,
  ...usersMethods,
  ...viewsMethods,
};
