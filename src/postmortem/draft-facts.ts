import { KEY_TIME_LABEL } from '../domain/lifecycle.js';
import { KEY_TIMES, type KeyTime } from '../domain/key-times.js';
import { ROLE_LABEL, ROLES, type Role } from '../domain/roles.js';
import { severityLabel, severityRank, Severity } from '../domain/severity.js';
import { Status, statusLabel } from '../domain/status.js';
import { formatExactDuration as formatDuration } from '../domain/time-format.js';
import { entriesOf, keyTimeCites, MAX_CITES, times, type DraftContext } from './draft-context.js';
import type { Cited, IntervalRow, KeyTimeRow, Phase, Responder } from './draft-schema.js';

/** Key figures: the moments, the intervals between them, severity, escalation and who took part. */

export function keyTimeRows(ctx: DraftContext): KeyTimeRow[] {
  return KEY_TIMES.map((key) => {
    const at = ctx.incident.keyTimes[key];
    return {
      key,
      label: KEY_TIME_LABEL[key],
      ...(at !== undefined ? { at, when: ctx.when(at) } : {}),
      cites: at !== undefined ? keyTimeCites(ctx, key) : [],
    };
  });
}

const HOW_TO_SET: Record<KeyTime, string> = {
  started: 'set it with `/incident time started <time>`',
  detected: 'set it with `/incident time detected <time>`',
  declared: 'set when the incident is declared',
  acknowledged: 'set when someone acknowledges a page',
  identified: 'set by `/incident status identified`',
  mitigated: 'set by `/incident status monitoring` or `/incident time mitigated <time>`',
  resolved: 'set by `/incident status resolved`',
  closed: 'set by `/incident close`',
};

function interval(ctx: DraftContext, label: string, from: KeyTime, to: KeyTime): IntervalRow {
  const k = ctx.incident.keyTimes;
  const a = k[from];
  const b = k[to];
  const span = `${KEY_TIME_LABEL[from]} → ${KEY_TIME_LABEL[to]}`;
  if (a === undefined || b === undefined) {
    const missing = a === undefined ? from : to;
    return { label, span, text: 'not recorded', hint: `${KEY_TIME_LABEL[missing]}: ${HOW_TO_SET[missing]}`, cites: [] };
  }
  const cites = [...keyTimeCites(ctx, from), ...keyTimeCites(ctx, to)];
  if (b < a) return { label, span, ms: b - a, text: `${KEY_TIME_LABEL[to]} is recorded before ${KEY_TIME_LABEL[from].toLowerCase()}; check both times`, cites };
  return { label, span, ms: b - a, text: formatDuration(b - a), cites };
}

/** Detect and the rest are measured from when impact started, or the best earlier stand-in for it. */
export function intervalRows(ctx: DraftContext): IntervalRow[] {
  const from = ctx.start.key;
  const k = ctx.incident.keyTimes;
  return [
    interval(ctx, 'Time to detect', k.started !== undefined ? 'started' : from, k.detected !== undefined ? 'detected' : 'declared'),
    interval(ctx, 'Time to acknowledge', 'declared', 'acknowledged'),
    interval(ctx, 'Time to mitigate', from, 'mitigated'),
    interval(ctx, 'Time to resolve', from, 'resolved'),
  ];
}

/** At most this many changes are told one by one; a longer history is summed up. */
const SEVERITY_STEPS_TOLD = 6;

/** "SEV2 throughout", or "SEV2, raised to SEV1 at 8:30 PM EAT, lowered to SEV2 at 9:10 PM EAT". */
export function severityHistory(ctx: DraftContext): Cited {
  const changes = entriesOf(ctx, 'severity');
  const declared = entriesOf(ctx, 'declared')[0];
  const now = severityLabel(ctx.incident.severity);
  if (changes.length === 0) return { text: `${now} throughout`, cites: declared ? [declared.id] : [] };
  const first = Severity.safeParse(changes[0]?.change?.from);
  const steps = changes.slice(0, SEVERITY_STEPS_TOLD).map((e) => {
    const from = Severity.safeParse(e.change?.from);
    const to = Severity.safeParse(e.change?.to);
    if (!from.success || !to.success) return `changed at ${ctx.when(e.at)}`;
    const verb = severityRank(to.data) < severityRank(from.data) ? 'raised' : 'lowered';
    return `${verb} to ${severityLabel(to.data)} at ${ctx.when(e.at)}`;
  });
  const more = changes.length > SEVERITY_STEPS_TOLD ? `, then changed ${times(changes.length - SEVERITY_STEPS_TOLD)} more, ${now} at the end` : '';
  return {
    text: `${first.success ? severityLabel(first.data) : 'Declared'}, ${steps.join(', ')}${more}`,
    cites: [...(declared ? [declared.id] : []), ...changes.slice(0, MAX_CITES).map((e) => e.id)],
  };
}

export function escalationFact(ctx: DraftContext): Cited {
  const escalations = entriesOf(ctx, 'escalation');
  const pages = entriesOf(ctx, 'page');
  const acks = entriesOf(ctx, 'ack');
  if (escalations.length + pages.length + acks.length === 0) return { text: 'No escalation or page was recorded', cites: [] };
  const parts: string[] = [];
  if (escalations.length) parts.push(`escalated ${times(escalations.length)}${escalations.length <= 3 ? ` (at ${escalations.map((e) => ctx.when(e.at)).join(', ')})` : ''}`);
  else parts.push('never escalated');
  if (pages.length) parts.push(`paged ${times(pages.length)}`);
  const firstAck = acks[0];
  parts.push(firstAck ? `first acknowledged at ${ctx.when(firstAck.at)}` : 'no page was acknowledged');
  const text = parts.join('; ');
  return { text: text.charAt(0).toUpperCase() + text.slice(1), cites: [...escalations, ...pages, ...acks].slice(0, MAX_CITES).map((e) => e.id) };
}

/** Everyone who took part, role holders first, with the roles they held and how much they wrote. */
export function responders(ctx: DraftContext): Responder[] {
  const { incident } = ctx;
  const roles = new Map<string, string[]>();
  const addRole = (user: string | undefined, label: string): void => {
    if (!user) return;
    const list = roles.get(user) ?? [];
    if (!list.includes(label)) list.push(label);
    roles.set(user, list);
  };
  for (const role of ROLES) addRole(incident.roles[role], ROLE_LABEL[role]);
  for (const e of entriesOf(ctx, 'role')) {
    const field = e.change?.field as Role | undefined;
    if (field && field in ROLE_LABEL && e.change?.from) addRole(e.change.from, `${ROLE_LABEL[field]} (earlier)`);
  }
  const written = ctx.written.byAuthor;
  const changes = ctx.changesByAuthor;
  const order = new Set<string>([...roles.keys(), ...incident.participants, ...written.keys(), ...changes.keys()]);
  return [...order].map((user) => ({ user, roles: roles.get(user) ?? [], written: written.get(user) ?? 0, changes: changes.get(user) ?? 0 }));
}

/** The status the incident entered at each moment, for the diagram: declared, each change, closing, reopening. */
export function phases(ctx: DraftContext): Phase[] {
  const out: Omit<Phase, 'duration'>[] = [];
  const k = ctx.incident.keyTimes;
  const declared = entriesOf(ctx, 'declared')[0];
  const declaredAt = declared?.at ?? k.declared;
  if (k.started !== undefined && (declaredAt === undefined || k.started < declaredAt)) {
    out.push({ label: 'Impact started', at: k.started, when: ctx.when(k.started), cites: keyTimeCites(ctx, 'started') });
  }
  for (const e of ctx.statusMoves) {
    if (e.kind === 'declared') out.push({ label: 'Declared, Investigating', at: e.at, when: ctx.when(e.at), cites: [e.id] });
    else if ((e.kind === 'status' || e.kind === 'closed' || e.kind === 'reopened') && e.change?.field === 'status') {
      const to = Status.safeParse(e.change.to);
      if (!to.success) continue;
      const label = e.kind === 'reopened' ? `Reopened, ${statusLabel(to.data)}` : statusLabel(to.data);
      out.push({ label, at: e.at, when: ctx.when(e.at), cites: [e.id] });
    }
  }
  return out.map((p, i) => {
    const next = out[i + 1];
    const lasts = next && p.label !== 'Closed' && p.label !== 'Impact started' ? next.at - p.at : undefined;
    return { ...p, ...(lasts !== undefined && lasts >= 0 ? { duration: formatDuration(lasts) } : {}) };
  });
}
