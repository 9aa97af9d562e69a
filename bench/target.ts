/**
 * The servers under test, in a process of their own so the load generator, the Slack
 * stand-in and the response_url sink (all in the parent) do not share their event loop:
 * warroom's real Bolt app, the baseline Bolt app, and the bare node:http server.
 * Run by target-process.ts with `node --import tsx`; talks to the parent over IPC.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServices, createServices } from '../src/runtime/services.js';
import { allFeatures, assemble } from '../src/features/index.js';
import { loadConfig } from '../src/config/env.js';
import { silentLogger } from '../src/telemetry/log.js';
import { createBoltApp } from '../src/slack/listeners/bolt-app.js';
import { createBareServer } from './bare.js';
import { createBaselineApp } from './baseline.js';
import { loopDelayMonitor } from './loop-delay.js';
import { TargetConfig, type ToParent, ToTarget } from './target-protocol.js';

const send = (m: ToParent): void => {
  process.send?.(m);
};

const port = (server: Server): number => (server.address() as AddressInfo).port;

async function main(): Promise<void> {
  const cfg = TargetConfig.parse(JSON.parse(process.env.BENCH_TARGET ?? '{}'));
  const features = assemble(allFeatures);
  const s = createServices(
    loadConfig({
      SLACK_BOT_TOKEN: cfg.token,
      SLACK_SIGNING_SECRET: cfg.signingSecret,
      SLACK_API_URL: cfg.apiUrl,
      REDIS_URL: cfg.redisUrl,
      DEFAULT_TIMEZONE: cfg.timeZone,
    }),
    { log: silentLogger, hooks: features.hooks },
  );
  const warroom = createBoltApp(s, { token: cfg.token, signingSecret: cfg.signingSecret, apiUrl: cfg.apiUrl, interactions: features.interactions });
  const baseline = createBaselineApp(cfg);
  const bare = createBareServer(cfg.signingSecret);
  const warroomServer = (await warroom.start(0)) as Server;
  const baselineServer = (await baseline.start(0)) as Server;
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

  const loop = loopDelayMonitor();
  process.on('message', (raw) => {
    const m = ToTarget.parse(raw);
    if (m.type === 'usage') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      const delay = loop.read();
      if (m.resetLoopDelay) loop.reset();
      send({
        type: 'usage',
        id: m.id,
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        loopDelayP99Ms: delay.p99Ms,
        loopDelayMaxMs: delay.maxMs,
      });
      return;
    }
    void (async () => {
      await Promise.allSettled([warroom.stop(), baseline.stop(), new Promise((r) => bare.close(r))]);
      await closeServices(s);
      // A normal exit, so --cpu-prof writes its profile.
      process.exit(0);
    })();
  });
  send({ type: 'ready', ports: { bare: port(bare), baseline: port(baselineServer), warroom: port(warroomServer) } });
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
