import { z } from 'zod';
import { MAX_TITLE } from '../../../commands/declare.js';
import { Severity } from '../../domain/severity.js';
import type { Services } from '../../app/context.js';
import { declareIncident, setupReply } from '../../app/declare.js';
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

export function registerViewListeners(app: Routes, s: Services): void {
  app.view(ViewId.declare, async ({ ack, view, body, client }) => {
    const parsed = DeclareValues.safeParse(view.state.values);
    const title = parsed.success ? (parsed.data.title.title.value ?? '').trim() : '';
    if (!parsed.success || title === '' || title.length > MAX_TITLE) {
      await ack({ response_action: 'errors', errors: { [DeclareField.title]: title.length > MAX_TITLE ? `Keep it under ${MAX_TITLE} characters.` : 'Give the incident a title.' } });
      return;
    }
    await ack({ response_action: 'clear' });
    const v = parsed.data;
    const user = body.user.id;
    const team = teamOf(body);
    let text: string;
    try {
      const result = await declareIncident(s, {
        teamId: team,
        userId: user,
        title,
        severity: v.severity.severity.selected_option?.value ?? s.config.DEFAULT_SEVERITY,
        impact: v.impact?.impact.value?.trim() || undefined,
        private: v.visibility?.visibility.selected_option?.value === 'private',
        commander: v.commander?.commander.selected_user ?? undefined,
        policy: v.policy?.policy.selected_option?.value,
        source: 'modal',
      });
      text = setupReply(result, false).text;
    } catch (err) {
      text = errorReply(err, s.log, { view: 'declare', user });
    }
    // A submitted modal has no response_url, so the outcome goes to the declarer as a DM.
    await client.chat.postMessage({ channel: user, text }).catch((err: unknown) => s.log.warn('could not DM declare result', { err }));
  });
}
