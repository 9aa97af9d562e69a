import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../telemetry/log.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Bolt's and web-api's own messages become warroom's JSON lines, scrubbed like every other. */
export function slackLogger(log: Logger, initial: LogLevel = LogLevel.WARN): SlackLogger {
  let level = initial;
  let name = 'slack';
  const say = (at: LogLevel, parts: unknown[]): void => {
    if (ORDER[at] < ORDER[level]) return;
    // Objects stay objects, so a `token` or `response_url` key in them is redacted by name.
    const text = parts.filter((p) => typeof p === 'string').join(' ');
    const err = parts.find((p): p is Error => p instanceof Error);
    const data = parts.filter((p) => typeof p !== 'string' && !(p instanceof Error));
    log[at](text || err?.message || name, { logger: name, ...(err ? { err } : {}), ...(data.length ? { data } : {}) });
  };
  return {
    debug: (...m: unknown[]) => say(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => say(LogLevel.INFO, m),
    warn: (...m: unknown[]) => say(LogLevel.WARN, m),
    error: (...m: unknown[]) => say(LogLevel.ERROR, m),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: (n) => (name = n),
  };
}
