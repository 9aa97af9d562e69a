import type { View } from '@slack/types';
import { MAX_TITLE } from '../../domain/declaration.js';
import { SEVERITIES, severityLabel, type Severity } from '../../domain/severity.js';
import { DeclareField, ViewId } from './ids.js';

const SEVERITY_HELP: Record<Severity, string> = {
  sev1: 'Critical: customers broadly affected',
  sev2: 'Major: a key feature is down',
  sev3: 'Minor: degraded, workaround exists',
  sev4: 'Low: no customer impact yet',
};

export function declareModal(defaultSeverity: Severity, originChannel: string, policies: string[] = []): View {
  const option = (s: Severity) => ({ text: { type: 'plain_text' as const, text: `${severityLabel(s)} · ${SEVERITY_HELP[s]}`.slice(0, 75) }, value: s });
  return {
    type: 'modal',
    callback_id: ViewId.declare,
    private_metadata: JSON.stringify({ channel: originChannel }),
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: DeclareField.title,
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: DeclareField.title, max_length: MAX_TITLE, placeholder: { type: 'plain_text', text: 'Logins failing for new customers' } },
      },
      {
        type: 'input',
        block_id: DeclareField.severity,
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'static_select', action_id: DeclareField.severity, options: SEVERITIES.map(option), initial_option: option(defaultSeverity) },
      },
      {
        type: 'input',
        block_id: DeclareField.impact,
        optional: true,
        label: { type: 'plain_text', text: 'Impact' },
        element: { type: 'plain_text_input', action_id: DeclareField.impact, multiline: true, max_length: 3000, placeholder: { type: 'plain_text', text: 'Who is affected and how' } },
      },
      {
        type: 'input',
        block_id: DeclareField.commander,
        optional: true,
        label: { type: 'plain_text', text: 'Incident commander' },
        hint: { type: 'plain_text', text: 'Leave empty to lead it yourself.' },
        element: { type: 'users_select', action_id: DeclareField.commander },
      },
      ...(policies.length > 1
        ? [
            {
              type: 'input' as const,
              block_id: DeclareField.policy,
              optional: true,
              label: { type: 'plain_text' as const, text: 'Escalation policy' },
              element: {
                type: 'static_select' as const,
                action_id: DeclareField.policy,
                options: policies.slice(0, 100).map((p) => ({ text: { type: 'plain_text' as const, text: p.slice(0, 75) }, value: p.slice(0, 75) })),
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: DeclareField.visibility,
        label: { type: 'plain_text', text: 'Channel' },
        element: {
          type: 'radio_buttons',
          action_id: DeclareField.visibility,
          initial_option: { text: { type: 'plain_text', text: 'Public' }, value: 'public' },
          options: [
            { text: { type: 'plain_text', text: 'Public' }, value: 'public' },
            { text: { type: 'plain_text', text: 'Private (security, legal, HR)' }, value: 'private' },
          ],
        },
      },
    ],
  };
}
