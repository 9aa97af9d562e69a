import { closeServices, createServices } from './services.js';
import { ConfigError, loadConfig, type Config } from '../config/env.js';
import { startWorkers } from '../workers/index.js';
import { createLogger } from '../telemetry/log.js';
import { installProcessGuards } from './process-guards.js';
import { createBoltApp } from '../slack/listeners/bolt-app.js';
import type { Services } from '../app/context.js';
import { allFeatures, assemble, type Assembled } from '../features/index.js';

type Mode = 'web' | 'worker' | 'sandbox-or-bot';

const shutdownSteps: (() => Promise<void>)[] = [];
function onShutdown(step: () => Promise<void>): void {
  shutdownSteps.unshift(step);
}

async function runWeb(s: Services, config: Config, features: Assembled): Promise<void> {
  const app = createBoltApp(s, {
    token: config.SLACK_BOT_TOKEN ?? '',
    signingSecret: config.SLACK_SIGNING_SECRET ?? 'socket-mode-has-no-signing-secret',
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    interactions: features.interactions,
  });
  await app.start(config.PORT);
  onShutdown(() => app.stop().then(() => undefined));
  s.log.info(config.SLACK_APP_TOKEN ? 'web: connected over Socket Mode' : `web: listening on :${config.PORT} (POST /slack/events, GET /healthz)`);
}

function runWorker(s: Services, features: Assembled): void {
  const workers = startWorkers(s, features.processors);
  onShutdown(() => workers.close());
  s.log.info(`worker: running ${workers.workers.length} queue processors`);
}

async function main(mode: Mode): Promise<void> {
  const log = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'info');
  installProcessGuards(log);
  let config: Config;
  try {
    config = loadConfig(process.env, { requireSlack: mode !== 'sandbox-or-bot' });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (mode === 'sandbox-or-bot' && config.sandbox) {
    const { runSandbox } = await import('./sandbox.js');
    await runSandbox(config, onShutdown);
  } else {
    const features = assemble(allFeatures);
    const s = createServices(config, { log, hooks: features.hooks });
    onShutdown(() => closeServices(s));
    if (mode !== 'worker') await runWeb(s, config, features);
    if (mode !== 'web') runWorker(s, features);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    void (async () => {
      for (const step of shutdownSteps) await step().catch((err: unknown) => log.warn('shutdown step failed', { err }));
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const mode = (process.argv[2] ?? 'sandbox-or-bot') as Mode;
if (!['web', 'worker', 'sandbox-or-bot'].includes(mode)) {
  process.stderr.write(`usage: tsx src/runtime/main.ts <web|worker|sandbox-or-bot>\n`);
  process.exit(2);
}
main(mode).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
