/** Slack mrkdwn → HTML, the way Slack's client shows it; everything not markup is escaped. */

const EMOJI: Record<string, string> = {
  warning: '⚠️', white_check_mark: '✅', x: '❌', rotating_light: '🚨', page_facing_up: '📄', loudspeaker: '📢',
  lock: '🔒', unlock: '🔓', alarm_clock: '⏰', ok_hand: '👌', memo: '📝', zzz: '💤', tada: '🎉', red_circle: '🔴',
  pencil2: '✏️', pager: '📟', no_entry_sign: '🚫', date: '📅', bust_in_silhouette: '👤', writing_hand: '✍️',
  white_circle: '⚪', sunny: '☀️', small_blue_diamond: '🔹', pushpin: '📌', mag: '🔍', leftwards_arrow_with_hook: '↩️',
  large_yellow_circle: '🟡', large_orange_circle: '🟠', large_green_circle: '🟢', hourglass_flowing_sand: '⏳',
  hourglass: '⌛', floppy_disk: '💾', eyes: '👀', clock3: '🕒', clipboard: '📋', bulb: '💡', ballot_box_with_check: '☑️',
  arrows_counterclockwise: '🔄', arrow_up: '⬆️', arrow_down: '⬇️', fire: '🔥', thumbsup: '👍', '+1': '👍',
  heavy_check_mark: '✔️', information_source: 'ℹ️', speech_balloon: '💬', busts_in_silhouette: '👥', link: '🔗',
  hammer_and_wrench: '🛠️', stopwatch: '⏱️', construction: '🚧', checkered_flag: '🏁', sos: '🆘', mega: '📣',
};

export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack escapes only &, < and > in text; undo that before escaping for HTML. */
function unslack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emoji(name: string): string | undefined {
  return EMOJI[name];
}

function token(inner: string, names: Names): string {
  const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention">@${escapeHtml(names.user(id) ?? label ?? id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<a class="mention channel-link" href="#" data-channel="${escapeHtml(id)}">#${escapeHtml(names.channel(id) ?? label ?? id)}</a>`;
  }
  if (target.startsWith('!subteam^')) return `<span class="mention">${escapeHtml(unslack(label ?? '@group'))}</span>`;
  if (target.startsWith('!date^')) return escapeHtml(unslack(label ?? target.split('^')[2] ?? ''));
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  const href = unslack(target);
  const safe = /^(https?:|mailto:)/i.test(href) ? href : '#';
  return `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${escapeHtml(unslack(label ?? href))}</a>`;
}

/** What may follow a closing `*`, `_` or `~`: Slack's client also closes before an ellipsis or a dash ("Declaring *title*…"). */
function inline(text: string): string {
  return text
    .replace(/(^|[\s(>"'])\*([^*\n]+)\*(?=$|[\s).,!?:;<"'…—–])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(>"'])_([^_\n]+)_(?=$|[\s).,!?:;<"'…—–])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(>"'])~([^~\n]+)~(?=$|[\s).,!?:;<"'…—–])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all);
}

export function mrkdwnToHtml(src: string, names: Names): string {
  const held: string[] = [];
  const hold = (html: string): string => `\uE000${held.push(html) - 1}\uE000`;
  let s = src
    .replace(/```([\s\S]*?)```/g, (_, code: string) => hold(`<pre class="code">${escapeHtml(unslack(code.replace(/^\n/, '')))}</pre>`))
    .replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(unslack(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(token(inner, names)));
  s = inline(escapeHtml(unslack(s)));
  s = s
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<span class="quote">${line.replace(/^&gt; ?/, '')}</span>` : line))
    .join('<br>');
  return s.replace(/\uE000(\d+)\uE000/g, (_, i: string) => held[Number(i)] ?? '');
}

/** plain_text objects: emoji codes shown when `emoji` is not false, nothing else interpreted. */
export function plainToHtml(text: string, withEmoji = true): string {
  const escaped = escapeHtml(text);
  return withEmoji ? escaped.replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all) : escaped;
}
