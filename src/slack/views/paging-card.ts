import { nextLevelName } from '../../domain/escalation.js';
import { isAcked, type Page } from '../../domain/escalation-state.js';
import type { Incident } from '../../domain/incident.js';
import { isActive } from '../../domain/status.js';
import { formatClock } from '../../domain/time-format.js';
import { escapeText } from './mrkdwn.js';

const MAX_AD_HOC = 3;

function who(page: Page): string {
  const people = [...page.users.map((u) => `<@${u}>`), ...(page.groups ?? []).map((g) => `user group ${g}`)].join(', ');
  if (page.name) return `*${escapeText(page.name)}*${people ? ` (${people})` : ''}`;
  return people;
}

/** `<@U…>`, or the PagerDuty user's name (their text: escaped). */
export function acker(page: Page): string {
  if (page.ackedInPagerDuty !== undefined) return `${escapeText(page.ackedInPagerDuty)} in PagerDuty`;
  return page.ackedBy ? `<@${page.ackedBy}>` : 'someone';
}

function acked(page: Page, zone: string): string {
  return isAcked(page) ? ` · acknowledged by ${acker(page)}${page.ackedAt !== undefined ? ` at ${formatClock(page.ackedAt, zone)}` : ''}` : '';
}

/**
 * The card's escalation lines: who is paged, since when, who acknowledged, and what the bot
 * does next, e.g. `Paged *Database administrators* (<@U…>) since 8:05 PM EAT · acknowledged by <@U…>`.
 */
export function pagingLines(incident: Incident): string | undefined {
  const state = incident.escalation;
  if (!state || state.pages.length === 0) return undefined;
  const zone = incident.timeZone;
  const lines: string[] = [];
  const current = [...state.pages].reverse().find((p) => p.level >= 0 && p.level === state.level);
  if (current) {
    let line = `Paged ${who(current)} since ${formatClock(current.at, zone)}${acked(current, zone)}`;
    if (!isAcked(current) && isActive(incident.status)) {
      if (state.deadline !== undefined) {
        const next = nextLevelName(incident);
        line += next ? ` · escalates to *${escapeText(next)}* at ${formatClock(state.deadline, zone)} unless acknowledged` : ` · pages again at ${formatClock(state.deadline, zone)} unless acknowledged`;
      } else if (!state.pages.some(isAcked)) {
        line += ' · nobody has acknowledged';
      }
    }
    lines.push(line);
  }
  const firstAck = state.pages.filter((p) => isAcked(p) && p !== current).sort((a, b) => (a.ackedAt ?? 0) - (b.ackedAt ?? 0))[0];
  if (firstAck && firstAck.level >= 0) lines.push(`Acknowledged${firstAck.name ? ` for *${escapeText(firstAck.name)}*` : ''} by ${acker(firstAck)}${firstAck.ackedAt !== undefined ? ` at ${formatClock(firstAck.ackedAt, zone)}` : ''}`);
  for (const p of state.pages.filter((x) => x.level < 0).slice(-MAX_AD_HOC)) {
    lines.push(`Paged ${who(p)} at ${formatClock(p.at, zone)}${acked(p, zone)}`);
  }
  return lines.join('\n');
}
