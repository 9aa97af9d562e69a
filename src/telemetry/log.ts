import { pino, type DestinationStream, type Logger as Pino } from 'pino';

/**
 * One JSON line per event on stdout (pino), with whatever the caller knows about the event:
 * `requestId`, `team`, `incident`, `job`. Call sites keep the shape `log.warn(msg, fields)`.
 *
 * Secrets never reach a line: fields named like a secret (tokens, the signing secret,
 * response_url, Authorization headers) are replaced, and every string, error message and stack
 * is scrubbed of anything that looks like a Slack token, a Bearer header, a response_url, or a
 * value registered with `registerSecret` (the configured tokens and signing secret).
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export const REDACTED = '[redacted]';

const SECRET_KEY = /^(?:.*token|authorization|proxy-authorization|cookie|set-cookie|.*secret|signing_?secret|response_?url|password|x-slack-signature)$/i;
const PATTERNS: [RegExp, string][] = [
  // Secrets inside serialised forms and JSON (a logged request body).
  [/\b(token|response_url|[a-z_]*secret|signature)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/"(token|response_url|[a-z_]*secret|signature|authorization)"\s*:\s*"[^"]*"/gi, `"$1":"${REDACTED}"`],
  [/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, REDACTED],
  [/\bBearer\s+[^\s"',]+/gi, `Bearer ${REDACTED}`],
  [/https?:\/\/hooks\.slack\.com\/[^\s"',]+/g, REDACTED],
  // The stand-in's response_urls (and Slack's own, which carry a secret path) end in …/response/<id> or …/commands|actions/….
  [/https?:\/\/[^\s"',]+\/(?:response|commands|actions)\/[A-Za-z0-9_./-]+/g, REDACTED],
];
const secrets = new Set<string>();

/** A value (token, signing secret) that must never appear in a log line, wherever it hides. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function scrub(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[deep]';
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; data?: unknown };
    return clean({ type: e.name, message: e.message, stack: e.stack, ...(e.code !== undefined ? { code: e.code } : {}), ...(e.data !== undefined ? { data: e.data } : {}) }, depth + 1);
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== undefined && v !== '' ? REDACTED : clean(v, depth + 1);
  return out;
}

function adapter(root: Pino, bindings: Record<string, unknown>): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (!root.isLevelEnabled(level)) return;
    root[level](clean({ ...bindings, ...fields }) as object, scrub(msg));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => adapter(root, { ...bindings, ...fields }),
  };
}

/** `sink` receives each line (tests); by default lines go to stdout synchronously, so none is lost at exit. */
export function createLogger(level: Level | 'silent' = 'info', base: Record<string, unknown> = {}, sink?: (line: string) => void): Logger {
  const dest: DestinationStream = sink ? { write: (line: string) => sink(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already plain, scrubbed objects (clean); pino's own serialiser would rename their type.
      serializers: { err: (e: unknown) => e },
      // A second net for the shapes pino itself may be handed (bindings are cleaned above).
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'response_url', '*.response_url'], censor: REDACTED },
    },
    dest,
  );
  return adapter(root, base);
}

export const silentLogger: Logger = createLogger('silent');
