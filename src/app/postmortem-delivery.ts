import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { incidentLabel } from '../domain/incident.js';
import { buildDraft, referencedUsers } from '../postmortem/draft.js';
import { renderMarkdown } from '../postmortem/markdown.js';
import { announcement, postmortemFileName, slackSummary } from '../slack/views/postmortem-summary.js';
import type { Services } from './context.js';
import { describeSlackError, isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { createActionItemStore } from '../store/action-items.js';
import { keys } from '../store/keys.js';
import { loadSteps } from '../store/steps.js';
import { postmortemJobId, QueueName, type PostmortemJob } from '../jobs/queues.js';

/**
 * Delivering a postmortem draft: upload `INC-<n>-postmortem.md` to the incident channel, post the
 * short summary next to it, announce it in the broadcast channel. One job per version (its id
 * holds the version), and each finished step is marked in Redis, so a retry, a second close or
 * a worker restart repeats nothing that already reached Slack.
 */

/** Long after any retry, and after anyone would close the incident a second time for the same version. */
const DELIVERY_RECORD_MS = 90 * 24 * 3600_000;

const DeliveredFile = z.object({ id: z.string(), permalink: z.string().optional() });
type DeliveredFile = z.infer<typeof DeliveredFile>;

export async function queuePostmortem(s: Services, job: PostmortemJob): Promise<void> {
  const { deliveryAttempts, retryDelayMs } = s.settings.postmortem;
  await s.queues.get(QueueName.postmortem, job.teamId).add('deliver', job, {
    jobId: postmortemJobId(job),
    attempts: deliveryAttempts,
    backoff: { type: 'exponential', delay: retryDelayMs, jitter: 0.2 },
  });
}

/** files.uploadV2 answers `{ files: [ { files: [ {id, permalink} ] } ] }`: one completion per upload. */
const UploadResult = z.looseObject({
  files: z.array(z.looseObject({ files: z.array(z.looseObject({ id: z.string(), permalink: z.string().optional() })).optional() })).optional(),
});

function uploadedFile(result: unknown): DeliveredFile {
  const file = UploadResult.parse(result).files?.[0]?.files?.[0];
  if (!file) throw new Error('files.uploadV2 returned no file');
  return { id: file.id, ...(file.permalink ? { permalink: file.permalink } : {}) };
}

async function deliver(s: Services, data: PostmortemJob): Promise<void> {
  const { teamId: team, incident: n, version } = data;
  const steps = await loadSteps(s.redis, keys.postmortemDelivery(team, n), DELIVERY_RECORD_MS);
  const step = (name: string): string => `${version}:${name}`;
  const wantsAnnouncement = data.announce && s.config.BROADCAST_CHANNEL !== undefined;
  if (steps.get(step('file')) && steps.get(step('message')) && (steps.get(step('announced')) || !wantsAnnouncement)) return;

  const loaded = await s.incidents.load(team, n);
  if (!loaded) throw new UnrecoverableError(`INC-${n} does not exist`);
  const { incident } = loaded;
  const channel = incident.setup.channelId;
  if (!channel) throw new UnrecoverableError(`${incidentLabel(incident)} has no channel to deliver its postmortem to`);

  // Drafted from the record as it is now, so a fix made while a retry waited is in the file.
  const [entries, actions] = await Promise.all([s.incidents.timelineAll(team, n), createActionItemStore(s.redis).listForIncident(team, n)]);
  const names = await s.directory.names(referencedUsers(incident, entries, actions));
  const draft = buildDraft({ incident, entries, actions, names, now: s.now(), version });

  const fileJson = await steps.run(step('file'), async () => {
    const result = await s.slack.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(renderMarkdown(draft), 'utf8'),
      filename: postmortemFileName(draft),
      title: `${draft.label} postmortem draft v${version}`,
    });
    return JSON.stringify(uploadedFile(result));
  });
  const file = DeliveredFile.parse(JSON.parse(fileJson));
  await steps.run(step('message'), async () => {
    const summary = slackSummary(draft, file);
    const posted = await s.slack.chat.postMessage({ channel, text: summary.text, blocks: summary.blocks, unfurl_links: false, unfurl_media: false });
    return posted.ts ?? 'posted';
  });
  const broadcast = s.config.BROADCAST_CHANNEL;
  if (data.announce && broadcast) {
    await steps.run(step('announced'), async () => {
      const posted = await s.slack.chat.postMessage({ channel: broadcast, text: announcement(draft, file), unfurl_links: false, unfurl_media: false });
      return posted.ts ?? 'posted';
    });
  }
}

/** After the last attempt the people in the channel are told, since nobody reads worker logs. */
async function reportFailure(s: Services, data: PostmortemJob, err: unknown, attempts: number): Promise<void> {
  const loaded = await s.incidents.load(data.teamId, data.incident).catch(() => undefined);
  const channel = loaded?.incident.setup.channelId;
  const label = `INC-${data.incident}`;
  s.log.error('postmortem delivery failed', { incident: data.incident, version: data.version, attempts, err });
  if (!channel) return;
  const why = slackErrorCode(err) ? describeSlackError(err) : err instanceof Error ? err.message : String(err);
  const tries = attempts === 1 ? 'once' : `${attempts} times`;
  await s.slack.chat
    .postMessage({
      channel,
      text: `:x: The postmortem draft v${data.version} of ${label} could not be delivered (tried ${tries}): ${why}. The record is safe; \`/incident postmortem\` tries again.`,
    })
    .then(async () => (await loadSteps(s.redis, keys.postmortemDelivery(data.teamId, data.incident), DELIVERY_RECORD_MS)).mark(`${data.version}:failed`, String(s.now())))
    .catch((e: unknown) => s.log.error('could not report postmortem failure in the channel', { incident: data.incident, err: e }));
}

/**
 * One attempt of a delivery job. A permanent Slack refusal ends the job at once; the last
 * attempt, or a permanent failure, is reported in the incident channel.
 */
export async function deliverPostmortemAttempt(s: Services, data: PostmortemJob, attempt: { number: number; of: number }): Promise<void> {
  try {
    await deliver(s, data);
  } catch (err) {
    // A channel or a token will not come back by waiting.
    const permanent = err instanceof UnrecoverableError || !isWorthRetrying(err);
    if (permanent || attempt.number >= attempt.of) await reportFailure(s, data, err, attempt.number);
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(describeSlackError(err));
    throw err;
  }
}
