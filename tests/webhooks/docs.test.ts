import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, WebhookEvent, eventTypeOf, webhookEvent } from '../../src/domain/webhook-events.js';
import { declare } from '../../src/domain/lifecycle.js';
import { ids } from '../support/entry-ids.js';

const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');

/** The ```json block right after a heading. */
function jsonAfter(heading: string): unknown {
  const at = doc.indexOf(`${heading}\n`);
  if (at < 0) throw new Error(`docs/webhooks.md has no "${heading}"`);
  const m = /```json\n([\s\S]*?)\n```/.exec(doc.slice(at));
  if (!m?.[1]) throw new Error(`no JSON block after "${heading}"`);
  return JSON.parse(m[1]);
}

describe('docs/webhooks.md is the contract', () => {
  it('publishes the JSON Schema generated from the payload’s zod schema', () => {
    expect(jsonAfter('## JSON Schema')).toEqual(z.toJSONSchema(WebhookEvent));
  });

  it('has a valid example of every event type', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const example = WebhookEvent.parse(jsonAfter(`### ${type}`));
      expect(example.type).toBe(type);
    }
  });
});

describe('what an event says', () => {
  const { incident, entries } = declare({ teamId: 'T1', number: 7, title: 'Leaked credentials', severity: 'sev1', private: true, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: Date.parse('2026-05-13T16:10:00Z'), ids });
  const [entry] = entries;

  it('withholds a private incident’s title and text', () => {
    if (!entry) throw new Error('no entry');
    const e = webhookEvent(incident, entry, 'incident.declared');
    expect(WebhookEvent.parse(e).data.incident.title).toBeNull();
    expect(e.data.change.text).toBeNull();
  });

  it('has the same id every time the same change is sent, and sends no notes', () => {
    if (!entry) throw new Error('no entry');
    expect(webhookEvent(incident, entry, 'incident.declared').id).toBe(webhookEvent(incident, entry, 'incident.declared').id);
    expect(eventTypeOf({ ...entry, kind: 'note' })).toBeUndefined();
    expect(eventTypeOf({ ...entry, kind: 'action', change: { field: 'A3' } })).toBe('action_item.created');
    expect(eventTypeOf({ ...entry, kind: 'action', change: { field: 'A3.state', to: 'done' } })).toBe('action_item.changed');
  });
});
