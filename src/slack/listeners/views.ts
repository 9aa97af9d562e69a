import { z } from 'zod';
import { Declaration } from '../../domain/declaration.js';
import { Severity } from '../../domain/severity.js';
import type { Services } from '../../app/context.js';
import { declareIncident } from '../../app/declare.js';
import { noticeFor, setupReply } from '../../app/setup-notices.js';
import { DeclareField, ViewId } from '../views/ids.js';
import { errorReply } from '../views/error-replies.js';
import { teamOf } from './payloads.js';
import type { Routes } from './routes.js';

/** The parts of `view.state.values` the declare modal reads; anything else Slack adds is ignored. */
const DeclareValues = z.looseObject({
  [DeclareField.title]: z.looseObject({ [DeclareField.title]: z.looseObject({ value: z.string().nullish() }) }),
  [DeclareField.severity]: z.looseObject({ [DeclareField.severity]: z.looseObject({ selected_option: z.looseObject({ value: Severity }).nullish() }) }),
  [DeclareField.impact]: z.looseObject({ [DeclareField.impact]: z.looseObject({ value: z.string().nullish() }) }).optional(),
  [DeclareField.commander]: z.looseObject({ [DeclareField.commander]: z.looseObject({ selected_user: z.string().nullish() }) }).optional(),
  [DeclareField.visibility]: z.looseObject({ [DeclareField.visibility]: z.looseObject({ selected_option: z.looseObject({ value: z.enum(['public', 'private']) }).nullish() }) }).optional(),
  [DeclareField.policy]: z.looseObject({ [DeclareField.policy]: z.looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() }) }).optional(),
});

/** The form block that shows a mistake in each field of a declaration. */
const FIELD_OF: Record<string, string> = {
  title: DeclareField.title,
  severity: DeclareField.severity,
  impact: DeclareField.impact,
  commander: DeclareField.commander,
  private: DeclareField.visibility,
  policy: DeclareField.policy,
};

export function registerViewListeners(app: Routes, s: Services): void {
  app.view(ViewId.declare, async ({ ack, view, body, client }) => {
    const values = DeclareValues.safeParse(view.state.values);
    const v = values.success ? values.data : undefined;
    const impact = v?.impact?.impact.value?.trim();
    const commander = v?.commander?.commander.selected_user;
    const policy = v?.policy?.policy.selected_option?.value;
    // The form is checked against the same schema as the slash command; each mistake shows on its field.
    const declared = Declaration.safeParse({
      title: v?.title.title.value ?? '',
      severity: v?.severity.severity.selected_option?.value ?? s.config.DEFAULT_SEVERITY,
      ...(impact ? { impact } : {}),
      private: v?.visibility?.visibility.selected_option?.value === 'private',
      ...(commander ? { commander } : {}),
      ...(policy ? { policy } : {}),
    });
    if (!declared.success) {
      const errors: Record<string, string> = {};
      for (const issue of declared.error.issues) {
        const field = FIELD_OF[String(issue.path[0])] ?? DeclareField.title;
        errors[field] ??= issue.message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack({ response_action: 'clear' });
    const user = body.user.id;
    const team = teamOf(body);
    let text: string;
    try {
      // A submitted modal has no response_url: news of a setup waiting for Slack comes by DM too.
      const result = await declareIncident(s, { ...declared.data, teamId: team, userId: user, source: 'modal' }, noticeFor(s, user));
      text = setupReply(result, { now: s.now() }).text;
    } catch (err) {
      text = errorReply(err, s.log, { view: 'declare', user });
    }
    // A submitted modal has no response_url, so the outcome goes to the declarer as a DM.
    await client.chat.postMessage({ channel: user, text }).catch((err: unknown) => s.log.warn('could not DM declare result', { err }));
  });
}
