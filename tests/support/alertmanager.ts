import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.js';

export interface AlertmanagerProcess {
  url: string;
  /** Pushes alerts through Alertmanager's own API (what Prometheus does). */
  push(alerts: PushedAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PushedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** The Debian binary name first, then upstream's. */
const BINARIES = ['prometheus-alertmanager', 'alertmanager'];

/**
 * Starts a real Alertmanager (Debian's prometheus-alertmanager) whose only receiver is a
 * webhook to `webhookUrl`, with short group timings so a test sees notifications in a second.
 */
export async function startAlertmanager(opts: { webhookUrl: string; bearer: string; groupBy?: string[] }): Promise<AlertmanagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-am-'));
  const port = await freePort();
  const config = [
    'route:',
    '  receiver: warroom',
    `  group_by: [${(opts.groupBy ?? ['alertname']).map((l) => JSON.stringify(l)).join(', ')}]`,
    '  group_wait: 200ms',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: warroom',
    '    webhook_configs:',
    `      - url: ${JSON.stringify(opts.webhookUrl)}`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    '            type: Bearer',
    `            credentials: ${JSON.stringify(opts.bearer)}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  let child: ChildProcess | undefined;
  let lastErr = '';
  for (const bin of BINARIES) {
    try {
      child = await launch(bin, ['--config.file', join(dir, 'alertmanager.yml'), '--storage.path', join(dir, 'data'), '--web.listen-address', `127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn']);
      break;
    } catch (err) {
      lastErr = err instanceof Error ? err.message : String(err);
    }
  }
  if (!child) throw new Error(`could not start Alertmanager (${lastErr}); install it with "apt-get install prometheus-alertmanager"`);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  const proc = child;
  return {
    url,
    async push(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (proc.exitCode === null) {
        await new Promise<void>((resolve) => {
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function launch(bin: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.once('error', reject);
    child.once('spawn', () => resolve(child));
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Alertmanager did not become ready: ${stderr}`);
}
