/**
 * Every action_id, callback_id and block_id the bot sends, in one place, so a listener
 * and the message that carries its button can never drift apart.
 */
export const ActionId = {
  closeIncident: 'wr_close_incident',
  confirmClose: 'wr_confirm_close',
  acknowledgePage: 'wr_ack_page',
  snoozeStatusReminder: 'wr_snooze_status_reminder',
  postUpdate: 'wr_post_update',
  actionItemDone: 'wr_action_done',
  actionItemSnoozeDay: 'wr_action_snooze_day',
  actionItemSnoozeWeek: 'wr_action_snooze_week',
  resolveFromAlerts: 'wr_alerts_resolve',
  triageDeclare: 'wr_triage_declare',
  triageAttach: 'wr_triage_attach',
  triageIgnore: 'wr_triage_ignore',
} as const;
export type ActionId = (typeof ActionId)[keyof typeof ActionId];

/** Message shortcuts, by callback_id (also in manifest.json). */
export const ShortcutId = {
  addToTimeline: 'add_to_timeline',
} as const;

export const ViewId = {
  declare: 'wr_declare_modal',
  timelineComment: 'wr_timeline_comment_modal',
  statusUpdate: 'wr_status_update_modal',
} as const;

/** block_id / action_id pairs of the declare modal's inputs. */
export const DeclareField = {
  title: 'title',
  severity: 'severity',
  impact: 'impact',
  commander: 'commander',
  visibility: 'visibility',
  policy: 'policy',
} as const;
