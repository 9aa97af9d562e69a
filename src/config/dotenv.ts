import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` (as the README and .env.example tell people to write it) into the environment at
 * start-up. A variable already set in the real environment wins over the file, so a deploy can
 * override one setting without editing it. Node's own parser (util.parseEnv), no dependency.
 * Returns the names taken from the file.
 */
export function loadDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  const taken: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    taken.push(name);
  }
  return taken;
}
