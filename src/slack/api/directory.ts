import type { WebClient } from '@slack/web-api';

export interface Person {
  id: string;
  name: string;
  tz?: string | undefined;
}

/**
 * Display names for topics and postmortems. Kept per process for a few minutes: names
 * change rarely and a stale one is harmless, while a users.info call per topic is not.
 */
export function createDirectory(client: WebClient, ttlMs = 10 * 60_000) {
  const cache = new Map<string, { person: Person; until: number }>();

  async function lookup(id: string): Promise<Person> {
    const hit = cache.get(id);
    if (hit && hit.until > Date.now()) return hit.person;
    try {
      const res = await client.users.info({ user: id });
      const u = res.user;
      const person: Person = {
        id,
        name: u?.profile?.display_name || u?.real_name || u?.name || id,
        tz: u?.tz,
      };
      cache.set(id, { person, until: Date.now() + ttlMs });
      return person;
    } catch {
      return { id, name: id };
    }
  }

  async function names(ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const people = await Promise.all(unique.map(lookup));
    return new Map(people.map((p) => [p.id, p.name]));
  }

  return { lookup, names };
}

export type Directory = ReturnType<typeof createDirectory>;
