import type { Server } from 'node:http';
import { closeServices, createServices } from './services.js';
import { ConfigError, type Config } from '../config/env.js';
import { loadDotEnv } from '../config/dotenv.js';
import { loadStartupConfig } from '../config/startup.js';
import type { FileConfig } from '../config/settings.js';
import { startWorkers } from '../workers/index.js';
import { createLogger, type Logger } from '../telemetry/log.js';
import { installProcessGuards } from './process-guards.js';
import { createBoltApp } from '../slack/listeners/bolt-app.js';
import type { Services } from '../app/context.js';
import { allFeatures, assemble, type Assembled } from '../features/index.js';
import { inProgress } from '../util/in-progress.js';
import { runShutdown, SHUTDOWN_BUDGET_MS, type Step } from './shutdown.js';

/** `sandbox` always runs the sandbox (flags: --terminal, --reset); `sandbox-or-bot` only when no Slack token is set. */
type Mode = 'web' | 'worker' | 'sandbox' | 'sandbox-or-bot';

/** What to undo on SIGTERM, in order: stop taking work, finish what is in flight, then disconnect. */
const steps: Step[] = [];
/** The sandbox registers plain callbacks; they run in the order given, before the others. */
const sandboxSteps: (() => Promise<void>)[] = [];
function onShutdown(step: () => Promise<void>): void {
  sandboxSteps.unshift(step);
}

async function runWeb(s: Services, config: Config, features: Assembled): Promise<void> {
  let stopping = false;
  const requests = inProgress();
  const app = createBoltApp(s, {
    token: config.SLACK_BOT_TOKEN ?? '',
    signingSecret: config.SLACK_SIGNING_SECRET ?? 'socket-mode-has-no-signing-secret',
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    interactions: features.interactions,
    lifecycle: { requests, stopping: () => stopping },
  });
  const server = (await app.start(config.PORT)) as Server | undefined;
  // Closing the listener lets requests already received finish; none is cut off mid-way.
  // Keep-alive sockets that were busy when it closed are closed as soon as they fall idle
  // (Node only closes the ones idle at that moment), or the close would wait for the peer.
  steps.push({
    name: 'stop taking requests',
    capMs: 4_000,
    run: async () => {
      stopping = true;
      const sweep = setInterval(() => server?.closeIdleConnections(), 50);
      try {
        await app.stop();
      } finally {
        clearInterval(sweep);
      }
    },
  });
  // Bolt acks first and works after: commands, buttons and their channel echoes finish here.
  steps.push({ name: 'finish requests in flight', capMs: 5_000, run: async () => void (await Promise.all([requests.idle(), s.afterReplies.idle(), s.echo.idle()])) });
  s.log.info(config.SLACK_APP_TOKEN ? 'web: connected over Socket Mode' : `web: listening on :${config.PORT} (POST /slack/events, GET /healthz)`);
}

function runWorker(s: Services, features: Assembled): void {
  const workers = startWorkers(s, features.processors);
  // Running jobs may finish; one still running at the deadline is left locked and another
  // worker takes it up once its lock expires (a stalled job), so none is lost.
  steps.push({ name: 'close workers', capMs: 5_000, run: (deadline) => workers.close(Math.max(0, deadline - 250)) });
  s.log.info(`worker: running ${workers.workers.length} queue processors`);
}

function exitAfterShutdown(log: Logger): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`, { budgetMs: SHUTDOWN_BUDGET_MS });
    // A last resort if something ignores its deadline; the steps below are all bounded.
    setTimeout(() => {
      log.error('shutdown overran its budget; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS + 700).unref();
    void (async () => {
      for (const step of sandboxSteps) await step().catch((err: unknown) => log.warn('shutdown step failed', { err }));
      const { ms, incomplete } = await runShutdown(steps, log);
      log.info('shut down', { ms, ...(incomplete.length ? { incomplete } : {}) });
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(mode: Mode): Promise<void> {
  loadDotEnv();
  const log = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'info', { mode });
  installProcessGuards(log);
  let config: Config;
  let settings: FileConfig;
  try {
    ({ config, settings } = loadStartupConfig(process.env, { requireSlack: mode === 'web' || mode === 'worker' }));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  exitAfterShutdown(log);
  if (mode === 'sandbox' || (mode === 'sandbox-or-bot' && config.sandbox)) {
    // Loading the sandbox and starting its Redis takes 10-20 s on a first run: say something at once.
    process.stdout.write('Starting the sandbox: a local Slack, the bot and its worker. The address follows in a few seconds…\n');
    const { runSandbox } = await import('./sandbox.js');
    await runSandbox(config, onShutdown, process.argv.slice(3));
    return;
  }
  const features = assemble(allFeatures);
  const s = createServices(config, { log, hooks: features.hooks, settings });
  if (mode !== 'worker') await runWeb(s, config, features);
  if (mode !== 'web') runWorker(s, features);
  steps.push({ name: 'close queues and Redis', capMs: 1_500, run: () => closeServices(s, 0) });
  log.info('ready', { pid: process.pid });
}

const mode = (process.argv[2] ?? 'sandbox-or-bot') as Mode;
if (!['web', 'worker', 'sandbox', 'sandbox-or-bot'].includes(mode)) {
  process.stderr.write(`usage: tsx src/runtime/main.ts <web|worker|sandbox-or-bot|sandbox> [--port N] [--terminal] [--reset]\n`);
  process.exit(2);
}
main(mode).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
