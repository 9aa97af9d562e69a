import type { Logger } from '../telemetry/log.js';

/**
 * A bot on the worst day of the quarter must keep answering: one failed promise or a throw in
 * a library callback is logged and counted, never allowed to end the process (Node's default
 * for both). Shutdown stays the job of SIGTERM/SIGINT.
 */
export function installProcessGuards(log: Logger, proc: NodeJS.EventEmitter = process): void {
  proc.on('unhandledRejection', (err: unknown) => log.error('unhandled rejection (the process keeps running)', { err }));
  proc.on('uncaughtException', (err: Error) => log.error('uncaught exception (the process keeps running)', { err }));
}
