import { signRequest } from '../src/standin/signing.js';

/** Exactly what Bolt's HTTP receiver accepts: no `; charset`, or it answers 400. */
export const FORM = 'application/x-www-form-urlencoded';

export interface SlashTarget {
  signingSecret: string;
  teamId: string;
  channelId: string;
  userId: string;
}

/**
 * A slash command as Slack sends it (field order and names of Bolt's SlashCommand), signed
 * with the current second: a signature is only valid for five minutes, so bodies are built
 * as they are sent rather than pre-signed at the start of a long run.
 */
export function slashRequest(t: SlashTarget, text: string, responseUrl: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'bench-verification-token',
    team_id: t.teamId,
    team_domain: 'warroom-bench',
    channel_id: t.channelId,
    channel_name: 'inc-bench',
    user_id: t.userId,
    user_name: 'bench',
    command: '/incident',
    text,
    api_app_id: 'A0WARROOM',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.bench`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': FORM,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signRequest(t.signingSecret, body, timestamp),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
  };
}

const NOTES = [
  'bench: error rate on checkout steady at 40%, rollback of config 2291 in progress',
  'bench: DBAs paged',
  'bench: failover to replica b done, read latency back under 80 ms, writes still queued behind the lock',
  'bench: customer support reports login failures from EU tenants',
  'bench: rolled back',
  'bench: status page updated with impact and next update time',
];

/** Note texts of mixed length (18–110 chars), none starting with something that reads as a time. */
export function noteText(seq: number): string {
  return `note ${NOTES[seq % NOTES.length] ?? 'bench'} #${seq}`;
}
