import { z } from 'zod';
import { Severity } from './severity.js';

/** Slack shows a channel's name and the card's header in full up to about this length. */
export const MAX_TITLE = 150;
export const MAX_IMPACT = 3000;

/**
 * What a person declares, from the slash command or the form: the one schema every way of
 * declaring is checked against, with the messages a person reads when a field is wrong.
 */
/** A title as typed; empty only where the command means "finish the setup I started". */
export const Title = z.string().trim().max(MAX_TITLE, `The title is too long: keep it under ${MAX_TITLE} characters (put details in the impact).`);

export const Declaration = z.object({
  title: Title.min(1, 'Give the incident a title.'),
  severity: Severity,
  impact: z.string().trim().min(1, 'Write the impact.').max(MAX_IMPACT, `Keep the impact under ${MAX_IMPACT} characters.`).optional(),
  private: z.boolean().default(false),
  /** The incident commander; the declarer when absent. */
  commander: z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a Slack user').optional(),
  /** Escalation policy by name; the default one when absent. */
  policy: z.string().trim().min(1, 'Name the escalation policy.').optional(),
});
export type Declaration = z.infer<typeof Declaration>;
