import { describe, expect, it } from 'vitest';
import { blocksHtml } from '../../src/standin/page/blocks-html.js';
import { modalHtml, slackValues } from '../../src/standin/page/modal-html.js';
import { mrkdwnToHtml } from '../../src/standin/page/mrkdwn-html.js';
import type { ViewRecord } from '../../src/standin/index.js';

/** The page draws what Slack's client would: mrkdwn and Block Kit as HTML, never anyone's text as markup. */

const names = { user: (id: string) => ({ U0ANA: 'ana' })[id], channel: (id: string) => ({ C0INC: 'inc-1-checkout' })[id] };

describe('mrkdwn', () => {
  it('draws bold, italics, strike, code, links, mentions, channels and emoji', () => {
    const html = mrkdwnToHtml('*SEV2* _unassigned_ ~old~ `/incident help` <https://example.com/x?a=1&amp;b=2|runbook> <@U0ANA> <#C0INC> :rotating_light:', names);
    expect(html).toContain('<b>SEV2</b>');
    expect(html).toContain('<i>unassigned</i>');
    expect(html).toContain('<s>old</s>');
    expect(html).toContain('<code>/incident help</code>');
    expect(html).toContain('<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">runbook</a>');
    expect(html).toContain('<span class="mention">@ana</span>');
    expect(html).toContain('#inc-1-checkout</a>');
    expect(html).toContain('🚨');
  });

  // The first thing a new user sees after declaring is the bot's progress note, which ends in an ellipsis.
  it('draws bold before an ellipsis or a dash, as Slack does: "Declaring *Checkout failing*…"', () => {
    expect(mrkdwnToHtml(':hourglass_flowing_sand: Declaring *Checkout failing*…', names)).toBe('⏳ Declaring <b>Checkout failing</b>…');
    expect(mrkdwnToHtml('*SEV1*— _all_–', names)).toBe('<b>SEV1</b>— <i>all</i>–');
  });

  it('shows Slack-escaped text as the person typed it, and never as markup', () => {
    const html = mrkdwnToHtml('use &lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"', names);
    expect(html).toBe('use &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('does not format inside code, and refuses javascript: links', () => {
    expect(mrkdwnToHtml('`*not bold*`', names)).toBe('<code>*not bold*</code>');
    expect(mrkdwnToHtml('<javascript:alert(1)|click>', names)).toContain('href="#"');
  });
});

describe('Block Kit', () => {
  it('draws header, section fields, context, divider and buttons that carry their ids', () => {
    const html = blocksHtml(
      [
        { type: 'header', text: { type: 'plain_text', text: 'INC-1: Checkout failing' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Severity*\nSEV2' }, { type: 'mrkdwn', text: '*Status*\nInvestigating' }] },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Declared by <@U0ANA>' }] },
        { type: 'actions', block_id: 'b1', elements: [{ type: 'button', action_id: 'wr_close_incident', value: '1', style: 'danger', text: { type: 'plain_text', text: 'Close incident' } }] },
      ],
      names,
    );
    expect(html).toContain('<div class="b-header">INC-1: Checkout failing</div>');
    expect(html).toContain('<div class="b-fields"><div><b>Severity</b><br>SEV2</div><div><b>Status</b><br>Investigating</div></div>');
    expect(html).toContain('<hr class="b-divider">');
    expect(html).toContain('<div class="b-context"><span>Declared by <span class="mention">@ana</span></span></div>');
    expect(html).toContain('<button type="button" class="btn btn-danger" data-action="wr_close_incident" data-block="b1" data-value="1">Close incident</button>');
  });
});

describe('modals', () => {
  const view: ViewRecord = {
    id: 'V1',
    trigger_id: 't',
    user: 'U0ANA',
    hash: 'h',
    root_view_id: 'V1',
    previous_view_id: null,
    closed: false,
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'Declare an incident' },
      submit: { type: 'plain_text', text: 'Declare' },
      blocks: [
        { type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'title' } },
        {
          type: 'input',
          block_id: 'severity',
          label: { type: 'plain_text', text: 'Severity' },
          element: { type: 'static_select', action_id: 'severity', options: [{ text: { type: 'plain_text', text: 'SEV1' }, value: 'sev1' }, { text: { type: 'plain_text', text: 'SEV2' }, value: 'sev2' }] },
        },
        { type: 'input', block_id: 'commander', optional: true, label: { type: 'plain_text', text: 'Commander' }, element: { type: 'users_select', action_id: 'commander' } },
      ],
    },
  };

  it('draws inputs as fields, with the error the app answered under its field', () => {
    const html = modalHtml(view, { title: 'Give the incident a longer title' }, names, [{ id: 'U0ANA', name: 'ana', real_name: 'Ana', tz: 'UTC', is_bot: false }]);
    expect(html).toContain('<h2>Declare an incident</h2>');
    expect(html).toMatch(/data-block="title"[\s\S]*Give the incident a longer title/);
    expect(html).toContain('<option value="sev2">SEV2</option>');
    expect(html).toContain('<option value="U0ANA">@ana (Ana)</option>');
  });

  it('turns what was typed and chosen into state.values in Slack\'s shape, leaving empty fields out', () => {
    const values = slackValues(view, {
      title: { title: { type: 'plain_text_input', value: 'Checkout failing' } },
      severity: { severity: { type: 'static_select', value: 'sev2' } },
      commander: { commander: { type: 'users_select', value: '' } },
    });
    expect(values).toEqual({
      title: { title: { value: 'Checkout failing' } },
      severity: { severity: { selected_option: { text: { type: 'plain_text', text: 'SEV2' }, value: 'sev2' } } },
    });
  });
});
