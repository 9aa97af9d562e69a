import type { KnownBlock } from '@slack/types';
import { actionItemLabel, type ActionItem } from '../../domain/action-item.js';
import { dueState, isoDay, isoWeekday, overdueWorkingDays, type ReminderPolicy } from '../../domain/action-item-schedule.js';
import { incidentLabel, type Incident } from '../../domain/incident.js';
import { formatDayTime } from '../../domain/time-format.js';
import type { Reply } from './reply.js';
import { ActionId } from './ids.js';
import { escapeText, truncate, userText } from './mrkdwn.js';
import { linesToSections } from './timeline-lines.js';

/** Slack text for action items: lists, reminder and escalation DMs, digests. User text is always escaped. */

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-05-15` → `Fri, May 15, 2026`: the weekday helps catch a wrong date. (Digests format thousands.) */
export function describeDate(date: string): string {
  const day = isoDay(date);
  const month = MONTHS[day.month - 1];
  return month ? `${WEEKDAYS[isoWeekday(day) - 1]}, ${month} ${day.day}, ${day.year}` : date;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `due Fri, May 20, 2027`, `due today`, `overdue since Fri, May 20, 2027 (3 working days)`, `no due date`. */
export function describeDue(item: ActionItem, now: number, policy: ReminderPolicy): string {
  if (!item.due) return 'no due date';
  const when = describeDate(item.due);
  if (item.state !== 'open') return `due ${when}`;
  switch (dueState(item, now)) {
    case 'today':
      return `*due today* (${when})`;
    case 'overdue': {
      const days = overdueWorkingDays(item, now, policy);
      return `:red_circle: *overdue* since ${when}${days > 0 ? ` (${plural(days, 'working day')})` : ''}`;
    }
    default:
      return `due ${when}`;
  }
}

export function ownerText(item: Pick<ActionItem, 'owner'>): string {
  return item.owner ? `<@${item.owner}>` : '_unowned_';
}

const STATE_MARK = { open: '', done: ' · :white_check_mark: done', cancelled: ' · :no_entry_sign: cancelled' } as const;

/** Where an item comes from: `INC-3 <#C123>`. */
export function incidentRef(incident: Incident | undefined, number: number): string {
  const label = incidentLabel({ number });
  return incident?.setup.channelId ? `${label} <#${incident.setup.channelId}>` : label;
}

/** One item on one line: `*A12* · corrective · @bo · due Fri, May 20, 2027 — Review schema`. */
export function itemLine(item: ActionItem, now: number, policy: ReminderPolicy, opts: { where?: string; owner?: boolean } = {}): string {
  const parts = [`*${actionItemLabel(item.id)}*`, item.kind];
  if (opts.owner !== false) parts.push(ownerText(item));
  parts.push(describeDue(item, now, policy));
  if (opts.where) parts.push(opts.where);
  const text = item.state === 'open' ? userText(truncate(item.text, 300)) : `~${userText(truncate(item.text, 300))}~`;
  return `• ${parts.join(' · ')}${STATE_MARK[item.state]} — ${text}`;
}

/** Lines packed into sections; at most `max` items shown, with a note of how many more there are. */
export function listReply(header: string, lines: string[], total: number, footer?: string): Reply {
  const more = total > lines.length ? [`_…and ${total - lines.length} more._`] : [];
  const body = [...lines, ...more];
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }, ...linesToSections(body)];
  if (footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer }] });
  return { text: [header, ...body].join('\n'), blocks: blocks.slice(0, 50) };
}

function buttonValue(item: ActionItem, at: number): string {
  return `${item.id}/${at}`;
}

/** `12/1716224700000` → the item and the reminder a button was shown on. */
export function parseButtonValue(value: string | undefined): { id: number; at: number } | undefined {
  const m = /^(\d{1,9})\/(\d{1,16})$/.exec(value ?? '');
  return m ? { id: Number(m[1]), at: Number(m[2]) } : undefined;
}

function reminderHeadline(item: ActionItem, now: number, policy: ReminderPolicy): string {
  const label = actionItemLabel(item.id);
  const state = dueState(item, now);
  if (state === 'overdue') {
    const days = overdueWorkingDays(item, now, policy);
    return `:alarm_clock: *${label} is overdue*${days > 0 ? ` by ${plural(days, 'working day')}` : ''} (it was due ${describeDate(item.due ?? '')}).`;
  }
  if (state === 'today') return `:alarm_clock: *${label} is due today.*`;
  return `:alarm_clock: *${label} is due ${describeDate(item.due ?? '')}.*`;
}

/** The DM to an owner, with Done and Snooze buttons that work from the DM. */
export function reminderMessage(item: ActionItem, incident: Incident | undefined, at: number, now: number, policy: ReminderPolicy): Reply {
  const headline = reminderHeadline(item, now, policy);
  const body = `${headline}\n>${userText(truncate(item.text, 1500))}\n${item.kind} action from ${incidentRef(incident, item.incident)}${incident ? `: ${escapeText(truncate(incident.title, 200))}` : ''}`;
  const value = buttonValue(item, at);
  return {
    text: `${actionItemLabel(item.id)}: ${truncate(item.text, 200)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: ActionId.actionItemDone, text: { type: 'plain_text', text: 'Done' }, style: 'primary', value },
          { type: 'button', action_id: ActionId.actionItemSnoozeDay, text: { type: 'plain_text', text: 'Snooze 1 day' }, value },
          { type: 'button', action_id: ActionId.actionItemSnoozeWeek, text: { type: 'plain_text', text: 'Snooze 1 week' }, value },
        ],
      },
    ],
  };
}

/** What replaces a reminder once a button was pressed: the outcome, no buttons left to press twice. */
export function resolvedReminder(item: ActionItem, outcome: string): Reply {
  const text = `${outcome}\n>${userText(truncate(item.text, 1500))}`;
  return { text: `${actionItemLabel(item.id)}: ${outcome}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function snoozedOutcome(item: ActionItem, until: number): string {
  return `:zzz: ${actionItemLabel(item.id)} snoozed until ${formatDayTime(until, item.ownerTimeZone ?? item.timeZone)}.`;
}

/** For the commander (DM) and the incident channel when an item stays overdue too long. */
export function escalationText(item: ActionItem, incident: Incident | undefined, now: number, policy: ReminderPolicy): string {
  const days = overdueWorkingDays(item, now, policy);
  return (
    `:rotating_light: *${actionItemLabel(item.id)}* from ${incidentRef(incident, item.incident)} is ${plural(days, 'working day')} overdue ` +
    `(due ${describeDate(item.due ?? '')}, owner ${ownerText(item)}): ${userText(truncate(item.text, 1500))}\n` +
    `\`/incident action done ${actionItemLabel(item.id)}\`, \`assign ${actionItemLabel(item.id)} @someone\` or \`due ${actionItemLabel(item.id)} <date>\` settles it.`
  );
}

/** The daily digest of one owner's open items, overdue first. */
export function digestMessage(items: ActionItem[], incidents: ReadonlyMap<number, Incident>, now: number, policy: ReminderPolicy): Reply {
  const overdue = items.filter((i) => dueState(i, now) === 'overdue').length;
  const header = `:clipboard: *Your open action items: ${items.length}*${overdue ? ` (${overdue} overdue)` : ''}`;
  const shown = items.slice(0, 40);
  const lines = shown.map((i) => itemLine(i, now, policy, { owner: false, where: incidentRef(incidents.get(i.incident), i.incident) }));
  return listReply(header, lines, items.length, '`/incident action done <id>` when one is finished · `/incident actions` lists them any time');
}
