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
};
