import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANA, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it('exposes command latency by subcommand and Slack call latency and errors by method at GET /metrics', async () => {
  const channel = await h.declare(ANA, 'sev3 metrics check');
  await h.run(ANA, channel, 'note first');
  h.standin.failNext('chat.postMessage', 'channel_not_found');
  await h.run(ANA, channel, 'note second');
  await h.run(ANA, channel, 'status fixed');
  const res = await fetch(`${h.appUrl}/metrics`);
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body).toMatch(/warroom_command_duration_seconds_count\{subcommand="note",outcome="ok"\} [2-9]/);
  expect(body).toMatch(/warroom_command_duration_seconds_count\{subcommand="status",outcome="refused"\} 1/);
  expect(body).toMatch(/warroom_slack_api_duration_seconds_count\{method="conversations.create"\} \d+/);
  expect(body).toMatch(/warroom_slack_api_errors_total\{method="chat.postMessage",error="channel_not_found"\} 1/);
  expect(body).toMatch(/warroom_queue_jobs\{queue="surfaces",state="waiting"\} \d+/);
});
