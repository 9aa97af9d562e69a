import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { incidentLabel } from '../src/domain/incident.js';
import { buildExport, exportFileName, renderExport } from '../src/postmortem/export.js';
import { defineCommand } from './kit.js';
import { createActionItemStore } from '../src/store/action-items.js';

const usage = 'export';

export default defineCommand({
  name: 'export',
  usage,
  summary: 'Upload the whole record (incident, key times, timeline, action items) as JSON, to keep in git',
  needsIncident: true,
  access: 'read',
  verb: 'export',
  args: z.object({}),
  parse(text) {
    if (text.trim() !== '') throw new UsageError('`export` takes nothing after it.', usage);
    return {};
  },
  async run(_args, ctx) {
    const s = ctx.services;
    const { incident } = ctx.incident;
    const [entries, actions] = await Promise.all([
      s.incidents.timelineAll(ctx.teamId, incident.number),
      createActionItemStore(s.redis).listForIncident(ctx.teamId, incident.number),
    ]);
    const name = exportFileName(incident);
    await s.slack.filesUploadV2({
      channel_id: ctx.channelId,
      file: Buffer.from(renderExport(buildExport(incident, entries, actions, ctx.now)), 'utf8'),
      filename: name,
      title: `${incidentLabel(incident)} record (${entries.length} timeline entries)`,
    });
    return { text: `:floppy_disk: Uploaded \`${name}\`: ${entries.length} timeline entries and ${actions.length} action items. The format is described in docs/export-format.md.` };
  },
});
