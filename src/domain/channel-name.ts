/** Slack's rule for channel names: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const MAX_CHANNEL_NAME = 80;

/**
 * `INC-12: Élan API 502s on /login` → `inc-12-elan-api-502s-on-login`.
 * Accents are folded to ASCII; scripts with no ASCII form (日本語) leave just `inc-12`,
 * which is still a valid, unique name.
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function channelName(number: number, title: string, suffix?: number): string {
  const head = `inc-${number}`;
  const tail = suffix && suffix > 1 ? `-${suffix}` : '';
  const room = MAX_CHANNEL_NAME - head.length - tail.length - 1;
  let slug = slugify(title);
  if (slug.length > room) {
    const cut = slug.slice(0, room + 1);
    const boundary = cut.lastIndexOf('-');
    slug = boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, room);
  }
  return slug ? `${head}-${slug}${tail}` : `${head}${tail}`;
}
