import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, clientFor, slackError, startWorkspace } from './helpers.js';

let standin: Standin;
let client: WebClient;
let now = Date.parse('2026-03-01T10:00:00Z');

beforeAll(async () => {
  standin = await startWorkspace({ now: () => now });
  client = clientFor(standin);
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.addUser(ALICE);
});

function modal(title = 'Declare incident', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: 'declare',
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: 'Declare' },
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: 'value' },
      },
    ],
    ...extra,
  };
}

function viewOf(res: unknown): { id: string; hash: string } {
  const view = (res as { view?: { id?: unknown; hash?: unknown } }).view;
  if (typeof view?.id !== 'string' || typeof view.hash !== 'string') throw new Error('no view in the answer');
  return { id: view.id, hash: view.hash };
}

async function open(view = modal()): Promise<{ id: string; hash: string }> {
  const trigger = standin.state.issueTrigger(ALICE.id);
  // The web-api types want a fully typed view; the stand-in is what judges it here.
  return viewOf(await client.apiCall('views.open', { trigger_id: trigger.id, view }));
}

describe('opening modals', () => {
  it('opens a modal for the user who clicked and returns its id and hash', async () => {
    const v = await open();
    expect(v.id).toMatch(/^V0/);
    expect(v.hash).toBeTruthy();
    expect(standin.state.views.get(v.id)).toMatchObject({ user: ALICE.id, closed: false, view: { callback_id: 'declare' } });
  });

  it('refuses a trigger used twice, one older than 3 seconds, and one it never issued', async () => {
    const used = standin.state.issueTrigger(ALICE.id);
    await client.apiCall('views.open', { trigger_id: used.id, view: modal() });
    expect(await slackError(client.apiCall('views.open', { trigger_id: used.id, view: modal() }))).toBe('exchanged_trigger_id');

    const stale = standin.state.issueTrigger(ALICE.id);
    now += 3001;
    expect(await slackError(client.apiCall('views.open', { trigger_id: stale.id, view: modal() }))).toBe('expired_trigger_id');

    expect(await slackError(client.apiCall('views.open', { trigger_id: '123.456.abcdef', view: modal() }))).toBe('invalid_trigger_id');
  });

  it('does not spend the trigger on an invalid view', async () => {
    const t = standin.state.issueTrigger(ALICE.id);
    expect(await slackError(client.apiCall('views.open', { trigger_id: t.id, view: modal('A title longer than 24 chars') }))).toBe(
      'invalid_arguments',
    );
    await expect(client.apiCall('views.open', { trigger_id: t.id, view: modal() })).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['a title over 24 characters', modal('x'.repeat(25))],
    ['a submit label over 24 characters', modal('ok', { submit: { type: 'plain_text', text: 's'.repeat(25) } })],
    ['private_metadata over 3000 characters', modal('ok', { private_metadata: 'm'.repeat(3001) })],
    ['101 blocks', modal('ok', { blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) })],
    ['input blocks without a submit button', modal('ok', { submit: undefined })],
  ])('refuses a modal with %s', async (_what, view) => {
    const t = standin.state.issueTrigger(ALICE.id);
    expect(await slackError(client.apiCall('views.open', { trigger_id: t.id, view }))).toBe('invalid_arguments');
  });

  it('refuses a view over 250 kB with view_too_large', async () => {
    const blocks = Array.from({ length: 90 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'w'.repeat(2900) } }));
    const t = standin.state.issueTrigger(ALICE.id);
    expect(await slackError(client.apiCall('views.open', { trigger_id: t.id, view: modal('ok', { blocks }) }))).toBe('view_too_large');
  });
});

describe('pushing and updating', () => {
  it('pushes at most two views on top of the root', async () => {
    const root = await open();
    for (let i = 0; i < 2; i++) {
      const t = standin.state.issueTrigger(ALICE.id, root.id);
      await client.apiCall('views.push', { trigger_id: t.id, view: modal(`step ${i}`) });
    }
    const t = standin.state.issueTrigger(ALICE.id, root.id);
    expect(await slackError(client.apiCall('views.push', { trigger_id: t.id, view: modal('step 3') }))).toBe('push_limit_reached');
  });

  it('updates with the current hash and refuses a stale one with hash_conflict', async () => {
    const v = await open();
    const updated = await client.apiCall('views.update', { view_id: v.id, hash: v.hash, view: modal('Declared') });
    const newHash = viewOf(updated).hash;
    expect(newHash).not.toBe(v.hash);
    expect(standin.state.views.get(v.id)?.view).toMatchObject({ title: { text: 'Declared' } });
    expect(await slackError(client.apiCall('views.update', { view_id: v.id, hash: v.hash, view: modal('Again') }))).toBe('hash_conflict');
    expect(await slackError(client.apiCall('views.update', { view_id: 'V0NOPE', view: modal() }))).toBe('not_found');
  });
});
