/**
 * The drill's script: the Kimby.com login outage of May 13, 2023 (7:00–9:00 PM EAT), as its public
 * postmortem tells it, played by the sandbox's sample people. `minute` counts from 7:00 PM.
 * What happened is the postmortem's; who did it (ana, bo, cy) and the paging are the drill's casting.
 */

export type DrillWho = 'ana' | 'bo' | 'cy';

export type DrillAction =
  | { kind: 'command'; text: string; where: 'general' | 'incident' }
  | { kind: 'say'; text: string; pin?: DrillWho }
  | { kind: 'ack' }
  | { kind: 'reminder' }
  | { kind: 'close' };

export interface DrillStep {
  minute: number;
  who: DrillWho;
  do: DrillAction;
}

export const DRILL_MINUTES = 120;
/** 7:00 PM, the reference's first minute, for the page's "what time it was" line. */
export const DRILL_START_CLOCK = { hour: 19, minute: 0, zone: 'EAT' };

/** The escalation policy the drill declares under; its minutes are real ones, divided by the drill's speed. */
export const DRILL_LEVELS = [
  { name: 'Primary on-call', who: 'cy', minutes: 5 },
  { name: 'Database administrators', who: 'bo', minutes: 10 },
  { name: 'Senior engineering', who: 'cy', minutes: 10 },
] as const;

export const KIMBY_STEPS: DrillStep[] = [
  { minute: 0, who: 'ana', do: { kind: 'command', where: 'general', text: 'declare sev2 Authentication failing for new customers impact: around 65% of new users cannot log in; purchases halted policy:{policy}' } },
  { minute: 1, who: 'ana', do: { kind: 'say', text: 'This is a *drill* (game day): we are replaying the Kimby.com login outage of May 13, 2023. Nothing real is down.' } },
  { minute: 2, who: 'ana', do: { kind: 'say', text: 'Users report _authentication failed_ when they key in their credentials; purchases are halting and errors are climbing.', pin: 'ana' } },
  // Minute 5: nobody acknowledged the primary on-call page, so the policy's timer pages the database administrators.
  { minute: 6, who: 'bo', do: { kind: 'ack' } },
  { minute: 7, who: 'bo', do: { kind: 'command', where: 'incident', text: 'note Engineering and the database administrators are alerted and looking at it' } },
  { minute: 30, who: 'bo', do: { kind: 'say', text: 'No authentication is going through, even for authorized users. Checking the database system.', pin: 'ana' } },
  { minute: 45, who: 'bo', do: { kind: 'command', where: 'incident', text: 'note The database is not communicating with the website; CPU usage is high, troubleshooting' } },
  { minute: 50, who: 'ana', do: { kind: 'command', where: 'incident', text: 'status identified Database not answering the website' } },
  // Minute 60: the status-update reminder (sev2: every 60 minutes) fires; the commander answers it.
  { minute: 60, who: 'ana', do: { kind: 'reminder' } },
  { minute: 62, who: 'ana', do: { kind: 'command', where: 'incident', text: 'update Still investigating: the database is not answering the website and its CPU is high. Next update in an hour.' } },
  { minute: 80, who: 'bo', do: { kind: 'say', text: 'Database server CPU is still high; no significant improvement after the CPU work.', pin: 'bo' } },
  { minute: 90, who: 'ana', do: { kind: 'command', where: 'incident', text: 'escalate no improvement after the CPU investigation' } },
  { minute: 91, who: 'cy', do: { kind: 'ack' } },
  { minute: 95, who: 'bo', do: { kind: 'say', text: 'Found it: a recent *configuration change* caused a deadlock in the database, blocking the authentication queries.', pin: 'cy' } },
  { minute: 96, who: 'cy', do: { kind: 'command', where: 'incident', text: 'cause A configuration change caused a deadlock in the database; blocked queries stopped the website from authenticating users' } },
  { minute: 105, who: 'bo', do: { kind: 'command', where: 'incident', text: 'note Configuration change rolled back and the database restarted' } },
  { minute: 110, who: 'ana', do: { kind: 'command', where: 'incident', text: 'status monitoring Authentication restored; customers are completing purchases' } },
  { minute: 112, who: 'ana', do: { kind: 'command', where: 'incident', text: 'resolution Rolled back the configuration change and restarted the database' } },
  { minute: 114, who: 'ana', do: { kind: 'command', where: 'incident', text: 'action add Continuously monitor the database @bo preventive' } },
  { minute: 115, who: 'cy', do: { kind: 'command', where: 'incident', text: 'action add Review and test configuration changes before they ship @cy corrective' } },
  { minute: 116, who: 'bo', do: { kind: 'command', where: 'incident', text: 'action add Review the database schema and queries @bo preventive' } },
  { minute: 120, who: 'ana', do: { kind: 'command', where: 'incident', text: 'status resolved The issue is solved' } },
  { minute: 120, who: 'ana', do: { kind: 'close' } },
];
