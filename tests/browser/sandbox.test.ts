import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../src/runtime/sandbox.js';
import { testRedisUrl } from '../support/harness.js';
import { haveChromium, launchChromium } from './chromium.js';

/**
 * A person trying warroom in the browser sandbox: real Chromium, the real page, the real bot behind
 * the stand-in. Screenshots of the main screens go to docs/ when SANDBOX_SCREENSHOTS=1.
 */

const SHOTS = process.env.SANDBOX_SCREENSHOTS === '1';
let sandbox: Sandbox;
let browser: Browser;
let page: Page;
let stateDir: string;

async function shot(name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join('docs', `sandbox-${name}.png`) });
}

async function type(text: string): Promise<void> {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

const channelLink = (name: string) => page.locator('#sidebar a', { hasText: name });

/** A clock time ten minutes ago in Nairobi, as someone there would type it ("3:05 PM"). */
function tenMinutesAgo(): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'Africa/Nairobi', hour: 'numeric', minute: '2-digit' }).format(Date.now() - 10 * 60_000);
}

describe.skipIf(!haveChromium())('the sandbox in a browser', () => {
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'warroom-sandbox-'));
    const config = loadConfig({ REDIS_URL: testRedisUrl(), DEFAULT_TIMEZONE: 'Africa/Nairobi' });
    sandbox = await startSandbox(config, { port: 0, host: '127.0.0.1', stateDir, logLevel: 'error' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${sandbox.url}/`);
    await page.locator('#sidebar a', { hasText: 'general' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('says plainly that it is a local stand-in, where its state is, and offers a Reset', async () => {
    await expect(page.locator('.honest').innerText()).resolves.toContain('local stand-in for Slack');
    await expect(page.locator('.honest').innerText()).resolves.toContain(stateDir);
    expect(await page.locator('#reset').isVisible()).toBe(true);
  });

  it('completes /incident subcommands from the bot\'s own help', async () => {
    await page.fill('#text', '/');
    await page.dispatchEvent('#text', 'input');
    await page.locator('#usage option[value="/incident note "]').waitFor({ state: 'attached' });
    const labels = await Promise.all((await page.locator('#usage option').all()).map(async (o) => (await o.getAttribute('label')) ?? ''));
    expect(labels).toContain('/incident note [<time>] <text>');
    expect(labels.some((l) => l.startsWith('/incident declare [sev1|sev2|sev3|sev4] <title>'))).toBe(true);
    await page.fill('#text', '');
  });

  it('declares an incident from the composer and the channel appears, with its pinned card and topic', async () => {
    await type('/incident declare sev2 Checkout failing impact: 40% of orders fail');
    await channelLink('inc-1-checkout-failing').waitFor();
    await expect(page.locator('.msg.ephemeral').last().innerText()).resolves.toContain('Only visible to you');
    await channelLink('inc-1-checkout-failing').click();
    await page.locator('.ch-head h2', { hasText: 'inc-1-checkout-failing' }).waitFor();
    await expect(page.locator('.topic').innerText()).resolves.toContain('SEV2 · Investigating · IC @ana');
    const card = page.locator('.msg.pinned');
    await card.locator('.b-header', { hasText: 'INC-1' }).waitFor();
    await expect(card.locator('.pin-mark').innerText()).resolves.toContain('Pinned');
    await expect(card.innerText()).resolves.toContain('40% of orders fail');
  });

  it('adds a note, and a back-dated one that the timeline puts in its place', async () => {
    await type('/incident note DBAs paged about failing logins');
    await page.locator('.msg.ephemeral', { hasText: 'Saved to the timeline at' }).waitFor();
    await page.locator('.msg:not(.ephemeral)', { hasText: 'DBAs paged about failing logins' }).waitFor();
    const earlier = tenMinutesAgo();
    await type(`/incident note ${earlier} first alerts fired`);
    await page.locator('.msg:not(.ephemeral)', { hasText: `${earlier} EAT — first alerts fired` }).waitFor();
    await type('/incident timeline');
    const timeline = page.locator('.msg.ephemeral', { hasText: 'DBAs paged' }).filter({ hasText: 'first alerts fired' }).last();
    await timeline.waitFor();
    const text = await timeline.innerText();
    expect(text).toContain(earlier);
    expect(text.indexOf('first alerts fired')).toBeLessThan(text.indexOf('DBAs paged'));
    await page.locator('.messages .msg').first().scrollIntoViewIfNeeded();
    await shot('incident-channel');
  });

  it('pins a message with 📌 and the bot marks it recorded', async () => {
    await type('db-1 CPU at 100%');
    const msg = page.locator('.msg', { hasText: 'db-1 CPU at 100%' });
    await msg.waitFor();
    await msg.hover();
    await msg.locator('[data-pin]').click();
    await msg.locator('.reaction', { hasText: '📌' }).waitFor();
    await msg.locator('.reaction', { hasText: '📝' }).waitFor();
  });

  it('opens the declare form with bare /incident, shows a missing field and the bot\'s own field error, and declares on submit', async () => {
    await page.locator('#sidebar a', { hasText: 'general' }).click();
    await type('/incident');
    const modal = page.locator('dialog.modal');
    await modal.locator('h2', { hasText: 'Declare an incident' }).waitFor();
    await modal.locator('button[type=submit]').click();
    await modal.locator('.field-error', { hasText: 'Please complete this required field.' }).waitFor();
    // Spaces only: Slack's client sends it, and the bot answers with an error on the field (response_action: errors).
    await modal.locator('#f-title').fill('   ');
    await modal.locator('#f-impact').fill('Results take 20 s');
    await modal.locator('button[type=submit]').click();
    const botError = modal.locator('[data-block="title"] .field-error').filter({ hasNotText: 'Please complete this required field.' });
    await botError.waitFor();
    expect((await botError.innerText()).length).toBeGreaterThan(5);
    await shot('modal');
    await modal.locator('#f-title').fill('Search is slow');
    await modal.locator('button[type=submit]').click();
    await modal.waitFor({ state: 'detached' });
    await channelLink('inc-2-search-is-slow').waitFor();
  });

  it('pages a person, who sees the DM marked unread and presses Acknowledge', async () => {
    await channelLink('inc-1-checkout-failing').click();
    await type('/incident escalate @bo logins still failing');
    await page.locator('.msg.ephemeral', { hasText: 'Paging' }).waitFor();
    await page.selectOption('#as', 'U0BO');
    const dm = page.locator('#sidebar a', { hasText: 'warroom' });
    await dm.locator('.badge').waitFor();
    await dm.click();
    await page.locator('.msg button', { hasText: 'Acknowledge' }).last().click();
    await page.selectOption('#as', 'U0ANA');
    await channelLink('inc-1-checkout-failing').click();
    await page.locator('.msg.pinned', { hasText: 'acknowledged by @bo' }).waitFor();
  });

  it('closes the incident through the confirmation button, and the postmortem reads with its sections and diagram', async () => {
    await type('/incident close');
    await page.locator('.msg.ephemeral button', { hasText: 'Resolve and close INC-1' }).click();
    const file = page.locator('.msg .file', { hasText: /postmortem/i }).last();
    await file.waitFor({ timeout: 20_000 });
    await file.click();
    const doc = page.frameLocator('dialog.file-viewer iframe');
    await doc.locator('h2', { hasText: /timeline/i }).first().waitFor();
    await doc.locator('pre.mermaid svg').first().waitFor({ timeout: 20_000 });
    const drawn = (await doc.locator('pre.mermaid svg text').allTextContents()).join(' ');
    expect(drawn).toMatch(/\d{1,2}:\d{2}\s+[AP]M/);
    expect(drawn).not.toContain('&');
    const headings = await doc.locator('h2').allInnerTexts();
    expect(headings.length).toBeGreaterThanOrEqual(4);
    await expect(doc.locator('a', { hasText: 'Download' }).getAttribute('href')).resolves.toMatch(/\/download$/);
    await doc.locator('pre.mermaid').first().scrollIntoViewIfNeeded();
    await shot('postmortem');
    await page.locator('dialog.file-viewer button', { hasText: 'Close' }).click();
  });

  it('stops a drill on request, and says where it stopped', async () => {
    await page.goto(`${sandbox.url}/`);
    await page.locator('#drill-start').click();
    await page.locator('#drill', { hasText: 'Drill running' }).waitFor();
    await page.locator('#drill', { hasText: '×40' }).waitFor();
    await page.locator('#drill-stop').click();
    await page.locator('#drill', { hasText: 'Drill over: stopped at minute' }).waitFor();
    expect(await page.locator('#drill-start').isVisible()).toBe(true);
  });

  it('runs the drill to its end in fast mode, marked as a drill, ending with the postmortem open', async () => {
    await page.goto(`${sandbox.url}/?fast=1`);
    await page.locator('#sidebar a', { hasText: 'general' }).waitFor();
    const drillLinks = page.locator('#sidebar a', { has: page.locator('.drill-tag') });
    const earlier = await drillLinks.count();
    await page.locator('#drill-start').click();
    await page.locator('#drill', { hasText: 'Drill running' }).waitFor();
    // The new drill's channel: the stopped drill before it is marked too.
    await drillLinks.nth(earlier).waitFor({ timeout: 20_000 });
    await drillLinks.nth(earlier).click();
    await page.locator('.ch-head .drill-tag', { hasText: 'DRILL' }).waitFor();
    await page.locator('.msg', { hasText: 'This is a drill' }).waitFor({ timeout: 20_000 });
    await shot('drill');
    await page.locator('#drill', { hasText: 'Drill over' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('#drill').innerText()).resolves.not.toContain('failed');
    // The timers fired live, scaled: the primary on-call's page went unanswered, so the policy paged the DBAs; the update reminder came.
    await expect(page.locator('.messages').innerText()).resolves.toContain('Escalated to Database administrators (@bo): nobody acknowledged Primary on-call');
    await expect(page.locator('.messages').innerText()).resolves.toContain('Post one so everyone waiting knows');
    const doc = page.frameLocator('dialog.file-viewer iframe');
    await doc.locator('h1, h2', { hasText: /Authentication failing/i }).first().waitFor({ timeout: 20_000 });
    const postmortem = await doc.locator('body').innerText();
    expect(postmortem).toContain('deadlock');
    expect(postmortem).toContain('Review and test configuration changes before they ship');
  }, 90_000);

  it('forgets everything on Reset: the incident channels are gone, general is empty', async () => {
    await page.locator('dialog.file-viewer button', { hasText: 'Close' }).click();
    await page.locator('#reset').click();
    await page.locator('#sidebar a', { hasText: 'inc-' }).first().waitFor({ state: 'detached' });
    await expect(page.locator('#sidebar a', { hasText: 'inc-' }).count()).resolves.toBe(0);
    await channelLink('general').click();
    await page.locator('.messages .empty', { hasText: 'No messages yet' }).waitFor();
    await type('/incident declare sev3 Fresh start');
    await channelLink('inc-1-fresh-start').waitFor();
  });
});
