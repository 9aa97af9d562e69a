/**
 * Every key of a workspace carries the same hash tag, so a multi-key commit stays atomic on
 * Redis Cluster (all of a workspace lives on one shard) while workspaces spread over shards.
 */
export function teamTag(teamId: string): string {
  return `{wr:${teamId}}`;
}

export const keys = {
  /** INCR counter behind INC-<n>. */
  incidentSeq: (team: string) => `${teamTag(team)}:seq:incident`,
  /** INCR counter behind A<n> action items. */
  actionSeq: (team: string) => `${teamTag(team)}:seq:action`,
  /** Hash with fields `json` (the incident) and `v` (its version, for compare-and-set). */
  incident: (team: string, n: number) => `${teamTag(team)}:inc:${n}`,
  /** Hash entry id → entry JSON. */
  timeline: (team: string, n: number) => `${teamTag(team)}:inc:${n}:tl`,
  /** Sorted set of entry ids scored by when they happened, so pages need no sort. */
  timelineOrder: (team: string, n: number) => `${teamTag(team)}:inc:${n}:tlz`,
  /** Sorted set of open incident numbers scored by declare time. */
  openIncidents: (team: string) => `${teamTag(team)}:open`,
  /** Sorted sets of open public / private incident numbers in list order (store/open-list.ts). */
  openPublic: (team: string) => `${teamTag(team)}:open:public`,
  openPrivate: (team: string) => `${teamTag(team)}:open:private`,
  /** Set once the two sets above were built from `open` for incidents older than them. */
  openIndexBuilt: (team: string) => `${teamTag(team)}:open:indexed`,
  /** Hash channel ID → incident number. */
  channels: (team: string) => `${teamTag(team)}:channels`,
  /** Hash declarer user → number of an incident whose Slack setup is unfinished. */
  pendingSetup: (team: string) => `${teamTag(team)}:pending-setup`,
  /** Hash `<page>:<step>` / `reminder-<seq>` / `setup-card` → result of each Slack step of a page, reminder or setup message (`claimed` while in flight), so a retry never repeats one. */
  paging: (team: string, n: number) => `${teamTag(team)}:inc:${n}:paging`,
  /** Short-lived mark of a processed Slack event_id. */
  seenEvent: (team: string, eventId: string) => `${teamTag(team)}:evt:${eventId}`,
  /** Hash action id → action item JSON, every item of the workspace. */
  actionItems: (team: string) => `${teamTag(team)}:act`,
  /** Set of the ids of an incident's action items, any state. */
  incidentActions: (team: string, n: number) => `${teamTag(team)}:inc:${n}:act`,
  /** Set of the ids of an incident's open action items (the card's count). */
  incidentOpenActions: (team: string, n: number) => `${teamTag(team)}:inc:${n}:act-open`,
  /** Set of the ids of the open action items a user owns. */
  ownerActions: (team: string, user: string) => `${teamTag(team)}:act:owner:${user}`,
  /** Set of users who own (or recently owned) open items: the digest fan-out's list, pruned when empty. */
  actionOwners: (team: string) => `${teamTag(team)}:act:owners`,
  /** Hash owner → IANA zone from users.info, so the digest fan-out needs no Slack call per owner. */
  ownerZones: (team: string) => `${teamTag(team)}:act:owner-tz`,
  /** Sorted set of open action item ids scored by due instant (undated last): "what is due now" never scans. */
  actionsDue: (team: string) => `${teamTag(team)}:act:due`,
  /** Short-lived hash recipient → claimed, per reminder of an item (store/steps.ts), so a retried job sends nobody a message twice. */
  actionSent: (team: string, id: number, at: number) => `${teamTag(team)}:act:sent:${id}:${at}`,
  /** Hash of what each postmortem version already delivered (`<version>:file`, `:message`, `:announced`), so a retried job repeats nothing. */
  postmortemDelivery: (team: string, n: number) => `${teamTag(team)}:inc:${n}:pm`,
  /** Short-lived lock (SET NX PX) around a multi-step Slack operation. */
  lock: (team: string, name: string) => `${teamTag(team)}:lock:${name}`,
  /** Hash `<route>|<fingerprint>` → record of an alert still firing (de-duplication; where it went). */
  alerts: (team: string) => `${teamTag(team)}:alerts`,
  /** Short-lived mark that an alert resolved before its firing was processed (out-of-order delivery). */
  alertResolved: (team: string, key: string) => `${teamTag(team)}:alerts:resolved:${key}`,
  /** Which job records the resolve of one firing of an alert. */
  alertResolving: (team: string, key: string, firedAt: number) => `${teamTag(team)}:alerts:resolving:${key}:${firedAt}`,
  /** Incident number (or a claim while one is declared) of an alert group, expiring after the grouping window. */
  alertGroup: (team: string, group: string) => `${teamTag(team)}:alerts:group:${group}`,
  /** Hash `<route>|<fingerprint>` → an incident's attached alert (firing or resolved). */
  incidentAlerts: (team: string, n: number) => `${teamTag(team)}:inc:${n}:alerts`,
  /** Set of the incident's attached alerts still firing. */
  incidentAlertsFiring: (team: string, n: number) => `${teamTag(team)}:inc:${n}:alerts-firing`,
  /** Mark that "All alerts resolved" was posted; removed when an alert fires again. */
  incidentAlertsQuiet: (team: string, n: number) => `${teamTag(team)}:inc:${n}:alerts-quiet`,
  /** JSON of a triage question posted in the triage channel. */
  alertTriage: (team: string, id: string) => `${teamTag(team)}:alerts:triage:${id}`,
  /** Hash event id → webhook event JSON written with the change itself, until its deliveries are queued (the outbox). */
  webhookOutbox: (team: string) => `${teamTag(team)}:webhook-outbox`,
  /** Sorted set reservation id → instant of the workspace's Slack calls of one kind (`conversations.create`, `chat.postMessage:C123`): the budget all processes share (store/slack-budget.ts). */
  slackBudget: (team: string, kind: string) => `${teamTag(team)}:slack-budget:${kind}`,
  /** Unix ms before which Slack asked (Retry-After) that no call of that kind be made. */
  slackHold: (team: string, kind: string) => `${teamTag(team)}:slack-budget:${kind}:hold`,
  /** Requests one alert route took in one minute (the 429 limit). */
  alertRate: (team: string, route: string, minute: number) => `${teamTag(team)}:alerts:rate:${route}:${minute}`,
};
