import { z } from 'zod';
import { incidentLabel } from '../src/domain/incident.js';
import { NARRATIVE_LABEL, NARRATIVE_MAX, setNarrative, type NarrativeField } from '../src/domain/narrative.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand } from './kit.js';
import { userText } from '../src/slack/views/mrkdwn.js';

const EXAMPLES: Record<NarrativeField, string> = {
  summary: 'summary New customers could not log in for two hours after a database configuration change.',
  impact: 'impact around 65% of new customers could not log in; purchases halted',
  cause: 'cause a configuration change caused a deadlock in the database',
  resolution: 'resolution rolled back the configuration change and restarted the database',
};

const SUMMARY: Record<NarrativeField, string> = {
  summary: 'Write the summary for the postmortem (any time, even after closing)',
  impact: 'Record who was affected and how (latest wins)',
  cause: 'Record the root cause (latest wins)',
  resolution: 'Record what resolved it (latest wins)',
};

/**
 * `/incident summary|impact|cause|resolution <text>`: the narrative a postmortem needs. Without
 * text it shows what is recorded. Works on closed incidents, so the record can be fixed after.
 */
export function narrativeCommand(field: NarrativeField, aliases: readonly string[] = []) {
  const label = NARRATIVE_LABEL[field];
  const usage = `${field} <text>`;
  return defineCommand({
    name: field,
    aliases,
    usage,
    summary: SUMMARY[field],
    examples: [EXAMPLES[field]],
    needsIncident: true,
    args: z.object({ text: z.string().trim().max(NARRATIVE_MAX, `The ${label.toLowerCase()} can be at most ${NARRATIVE_MAX.toLocaleString('en-US')} characters.`) }),
    parse(text) {
      return { text };
    },
    async run(args, ctx) {
      const { incident } = ctx.incident;
      if (args.text === '') {
        const current = incident[field];
        return {
          text: current
            ? `*${label} of ${incidentLabel(incident)}:* ${userText(current)}\nChange it with \`/incident ${usage}\`.`
            : `No ${label.toLowerCase()} is recorded for ${incidentLabel(incident)} yet. Usage: \`/incident ${usage}\``,
        };
      }
      await applyRule(ctx.services, ctx.teamId, incident.number, (current) =>
        setNarrative(current, { field, text: args.text, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids }),
        { after: ctx.after },
      );
      const redraft = incident.status === 'closed' ? ' `/incident postmortem` drafts the postmortem again with it.' : '';
      return { text: `:pencil2: ${label} saved for ${incidentLabel(incident)}.${redraft}` };
    },
  });
}
