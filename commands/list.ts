import { z } from 'zod';
import { incidentLabel, visibleTo } from '../src/domain/incident.js';
import { severityLabel, severityRank } from '../src/domain/severity.js';
import { statusLabel } from '../src/domain/status.js';
import { formatAge } from '../src/domain/time-format.js';
import { defineCommand } from './kit.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { contextBlock, linesToSections } from '../src/slack/views/timeline-lines.js';

export default defineCommand({
  name: 'list',
  aliases: ['ls', 'open'],
  usage: 'list',
  summary: 'List open incidents with severity, status, commander and age',
  needsIncident: false,
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const s = ctx.services;
    const incidents = (await s.incidents.loadMany(ctx.teamId, await s.incidents.openNumbers(ctx.teamId)))
      .filter((i) => visibleTo(i, ctx.userId))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.createdAt - b.createdAt);
    if (incidents.length === 0) return { text: ':sunny: No open incidents.' };
    const lines = incidents.map((i) => {
      const started = i.keyTimes.started ?? i.keyTimes.declared ?? i.createdAt;
      const channel = i.setup.channelId ? ` <#${i.setup.channelId}>` : '';
      const ic = i.roles.commander ? `IC <@${i.roles.commander}>` : 'no commander';
      return `• *${incidentLabel(i)}* ${severityLabel(i.severity)} · ${statusLabel(i.status)} · ${ic} · ${formatAge(ctx.now - started)} — ${escapeText(i.title)}${channel}`;
    });
    const head = `*${incidents.length} open incident${incidents.length === 1 ? '' : 's'}*`;
    return { text: [head, ...lines].join('\n').slice(0, 3000), blocks: [...linesToSections([head, ...lines]).slice(0, 48), contextBlock('Most severe first.')] };
  },
});
