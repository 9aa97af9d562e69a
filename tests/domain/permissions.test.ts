import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/domain/escalation-state.js';
import { authorize, authorizeEntryEdit, choosePageToAck, PermissionError, type Actor } from '../../src/domain/permissions.js';
import { ANA, BO, incident } from '../postmortem/fixtures.js';

const CY = 'U0CY';
const noAdmins = { users: [], groups: 0 };
const member = (user: string): Actor => ({ user, inChannel: true, admin: false });
const page = (over: Partial<Page>): Page => ({ level: 0, attempt: 0, at: 0, users: [], name: 'On-call', ...over });

describe('who may do what to an incident', () => {
  const inc = incident({ roles: { commander: BO }, declaredBy: ANA });

  it('lets members change it and refuses outsiders, naming who can invite them', () => {
    expect(() => authorize(inc, member(CY), 'change', 'change', noAdmins)).not.toThrow();
    expect(() => authorize(inc, { ...member(CY), inChannel: false }, 'change', 'change', noAdmins)).toThrow(
      `Only members of INC-${inc.number}'s channel can change it, and you are not in it. Ask the commander <@${BO}> or the declarer <@${ANA}> to invite you.`,
    );
  });

  it('keeps closing to the commander, the declarer and admins, and names the admins', () => {
    expect(() => authorize(inc, member(BO), 'lead', 'close', noAdmins)).not.toThrow();
    expect(() => authorize(inc, member(ANA), 'lead', 'close', noAdmins)).not.toThrow();
    expect(() => authorize(inc, { ...member(CY), admin: true }, 'lead', 'close', noAdmins)).not.toThrow();
    expect(() => authorize(inc, member(CY), 'lead', 'close', { users: ['U0ADM'], groups: 1 })).toThrow(
      `Only the commander <@${BO}>, the declarer <@${ANA}> or a warroom admin (<@U0ADM> and the admins' user group) can close INC-${inc.number}.`,
    );
  });

  it('hides a private incident from people outside it', () => {
    const secret = { ...inc, private: true, participants: [ANA] };
    expect(() => authorize(secret, { ...member(CY), inChannel: false }, 'read', 'read', noAdmins)).toThrow(PermissionError);
    expect(() => authorize(secret, { ...member(ANA), inChannel: false }, 'read', 'read', noAdmins)).not.toThrow();
  });

  it("lets an author edit her own entry and only leads edit someone else's", () => {
    expect(() => authorizeEntryEdit(inc, CY, member(CY), noAdmins)).not.toThrow();
    expect(() => authorizeEntryEdit(inc, BO, member(CY), noAdmins)).toThrow("can edit someone else's entry in");
  });
});

describe('who may acknowledge a page', () => {
  const inc = incident();
  const pages = [page({ users: [BO] }), page({ level: 1, users: [], groups: ['S0DBA'], name: 'DBAs' })];
  const groups = new Map([['S0DBA', [CY]]]);

  it('is the person paged, or anyone in the paged group', () => {
    expect(choosePageToAck(inc, pages, { actor: member(BO), groupMembers: groups })).toBe(0);
    expect(choosePageToAck(inc, pages, { actor: member(CY), groupMembers: groups })).toBe(1);
  });

  it('lets someone else take a page over only by naming who it went to', () => {
    expect(() => choosePageToAck(inc, pages, { actor: member(ANA), groupMembers: groups })).toThrow('`/incident ack --for @name`');
    expect(choosePageToAck(inc, pages, { actor: member(ANA), takeOverFrom: BO, groupMembers: groups })).toBe(0);
    expect(() => choosePageToAck(inc, pages, { actor: { ...member(ANA), inChannel: false }, takeOverFrom: BO, groupMembers: groups })).toThrow('take over a page');
  });

  it("refuses a DM button clicked by someone the page did not reach", () => {
    expect(() => choosePageToAck(inc, pages, { actor: member(ANA), page: 0, groupMembers: groups })).toThrow(`went to <@${BO}>`);
  });
});
