/**
 * The workspace a Slack payload came from. Interactive payloads carry `team.id`, except from an
 * Enterprise Grid org-wide app, where only `user.team_id` is set; event envelopes carry `team_id`.
 */
export function teamOf(body: { team?: { id?: string } | null; user?: { team_id?: string }; team_id?: string }): string {
  return body.team?.id ?? body.user?.team_id ?? body.team_id ?? '';
}
