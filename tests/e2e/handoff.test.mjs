// A resident handed to a person in headless Chromium, two browser contexts, with the real loket
// and PostgreSQL: the resident asks for a person on the chat page and chooses the offered button;
// a member of staff signed in to /admin/inbox sees the conversation arrive live, takes it and
// writes; the resident sees who joined and their words live, with the name shown, and answers;
// the staff member sees that live; axe-core finds nothing on either page; the staff member hands
// back to the bot, which answers again. Screenshots at 390x844 and 1280x800.
// Usage: node handoff.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, exampleConfig] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !exampleConfig) {
  console.error('usage: node handoff.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
const AXE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const dbName = `loket_e2e_handoff_${process.pid}`;
const token = 'e2e-handoff-admin';
const timer = setTimeout(() => { console.log('not ok - timed out after 100 s'); process.exit(1); }, 100_000);

let passed = 0;
const ok = (m) => console.log(`ok ${++passed} - ${m}`);

// The example municipality's content, with staff in at every hour.
function testConfig(dir) {
  const content = join(dirname(exampleConfig), 'content');
  const region = join(dirname(exampleConfig), '..', 'regio-noord', 'content');
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => `    ${d}: "00:00-24:00"`).join('\n');
  const file = join(dir, 'loket.yaml');
  writeFileSync(file, `municipality: Gemeente Noorderhaven
languages: {default: nl, supported: [nl, en, de]}
content: [${region}/, ${content}/]
handoff:
  display_name: Anna van de gemeente
  office_hours:
    time_zone: Europe/Amsterdam
${days}
`);
  return file;
}

let loket, browser, dir, exitCode = 1;
try {
  dir = mkdtempSync(join(tmpdir(), 'loket-handoff-e2e-'));
  const databaseUrl = createDatabase(dbName);
  const env = { LOKET_DATABASE_URL: databaseUrl, LOKET_ADMIN_TOKEN: token,
    LOKET_SESSION_SECRET: 'e2e-handoff-session-secret-of-forty-characters' };
  loket = await startLoket(binary, testConfig(dir), env);
  const staff = async (method, path, body) => {
    const r = await fetch(`${loket.base}/admin/v1/${path}`, { method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: await r.json() };
  };

  browser = await chromium.launch({ executablePath: process.env.LOKET_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${loket.base}/`, { waitUntil: 'load' });
  const input = page.locator('#loket-chat input[name=question]');
  await input.waitFor({ state: 'visible' });
  const said = (sel) => page.locator(`#loket-chat ${sel}`).allInnerTexts();
  const waitFor = async (sel, re, what) => {
    await page.waitForFunction(([s, src]) => [...document.querySelectorAll(`#loket-chat ${s}`)]
      .some((b) => new RegExp(src).test(b.innerText)), [sel, re.source], { timeout: 10_000 })
      .catch(async () => { throw new Error(`${what}: not shown; the chat says ${JSON.stringify(await said('.loket-msg'))}`); });
  };

  await input.fill('ik wil een medewerker spreken');
  await page.keyboard.press('Enter');
  const button = page.locator('#loket-chat .loket-suggestions button', { hasText: 'Chat met een medewerker' });
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  ok('asked for a person: the answer offers "Chat met een medewerker" as a button, nothing started');
  assert.equal((await staff('GET', 'handoffs').then((r) => r.body.handoffs)).length, 0);

  await button.click();
  await waitFor('.loket-bot', /nummer 1 in de rij/, 'the place in the queue');
  ok('chose the button: the resident is number 1 in the queue, with the expected wait');

  // The staff member's inbox, in a browser of its own.
  const inbox = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' })).newPage();
  inbox.on('pageerror', (e) => errors.push(`inbox: ${e.message}`));
  await inbox.goto(`${loket.base}/admin/inbox`, { waitUntil: 'load' });
  await inbox.locator('#token').fill(token);
  await inbox.keyboard.press('Enter');
  await inbox.locator('#live', { hasText: 'Live bijgewerkt' }).waitFor({ timeout: 10_000 });
  const queued = inbox.locator('#waiting button');
  await queued.first().waitFor({ timeout: 10_000 });
  assert.match(await queued.first().innerText(), /webchat · nl/);
  assert.match(await queued.first().innerText(), /nummer 1/);
  ok('the inbox lists the waiting conversation with its channel, language and place');

  // Nobody reads the queue yet: a crisis gets its help lines at once, and goes first for staff.
  await input.fill('ik zie het niet meer zitten');
  await page.keyboard.press('Enter');
  await waitFor('.loket-bot', /0800 0113/, 'the help lines while waiting');
  await inbox.locator('#waiting button .urgent', { hasText: 'Crisis' }).waitFor({ timeout: 10_000 });
  await inbox.locator('#waiting button .preview', { hasText: '“ik zie het niet meer zitten”' }).waitFor({ timeout: 10_000 });
  assert.match(await inbox.title(), /^\(1\) /, 'the number waiting is in the tab\'s title');
  await inbox.screenshot({ path: join(shots, 'inbox-queue-crisis.png') });
  ok('a crisis message in the queue: the resident gets 113 at once, the inbox marks the conversation "Crisis", shows its last words, and counts it in the title');
  await queued.first().click();
  await inbox.locator('#transcript li', { hasText: 'ik wil een medewerker spreken' }).waitFor({ timeout: 10_000 });
  await inbox.locator('#take').click();
  await waitFor('.loket-bot', /Anna van de gemeente is in het gesprek gekomen/, 'the person joining');
  ok('the staff member opened it (the conversation so far shown) and took it: the resident sees that Anna joined');

  const t0 = Date.now();
  // Enter sends, as in a chat; Shift+Enter starts a new line.
  await inbox.locator('#reply').fill('Goedemiddag,');
  await inbox.locator('#reply').press('Shift+Enter');
  await inbox.locator('#reply').pressSequentially('u spreekt met Anna. Waarmee kan ik helpen?');
  assert.equal(await inbox.locator('#reply').inputValue(), 'Goedemiddag,\nu spreekt met Anna. Waarmee kan ik helpen?');
  await inbox.locator('#reply').press('Enter');
  await waitFor('.loket-staff', /u spreekt met Anna/, "the staff member's words");
  const label = await page.locator('#loket-chat .loket-staff .loket-staff-name').first().innerText();
  assert.equal(label, 'Anna van de gemeente', 'the name is shown with the words');
  await inbox.waitForFunction(() => document.getElementById('reply').value === '', null, { timeout: 10_000 });  // sent by Enter
  ok(`staff words typed in the inbox (Shift+Enter a new line, Enter sends) reach the resident's page live in ${Date.now() - t0} ms, under "${label}"`);

  const bots = (await said('.loket-bot')).length;
  await input.fill('Mijn paspoort is gestolen, wat moet ik doen?');
  await page.keyboard.press('Enter');
  await inbox.locator('#transcript li.resident', { hasText: 'paspoort is gestolen' }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  assert.equal((await said('.loket-bot')).length, bots, 'loket does not answer while a person has it');
  ok("the resident's answer appears in the inbox live, and loket stays quiet");
  const id = (await staff('GET', 'handoffs?status=active')).body.handoffs[0].id;

  await inbox.evaluate(AXE);
  const inboxViolations = await inbox.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(inboxViolations, [], 'axe-core violations in the inbox');
  mkdirSync(shots, { recursive: true });
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await inbox.setViewportSize({ width, height });
    await inbox.waitForTimeout(100);
    await inbox.screenshot({ path: join(shots, `inbox-conversation-${name}.png`), fullPage: true });
  }
  ok('axe-core finds no violation in the inbox with a conversation open');

  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'axe-core violations with a staff member in the chat');
  ok('axe-core finds no violation with a staff member in the conversation');
  mkdirSync(shots, { recursive: true });
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(shots, `handoff-with-staff-${name}.png`) });
  }

  // Handing back is asked once more; "Terug" keeps the conversation with the staff member.
  await inbox.locator('#release').click();
  await inbox.waitForSelector('#confirm[open]', { timeout: 10_000 });
  assert.match(await inbox.textContent('#confirm-title'), /^Gesprek #\d+ teruggeven aan de chatbot\?$/);
  assert.equal(await inbox.evaluate(() => document.activeElement.id), 'confirm-no', 'the safe choice has the focus');
  const dialogViolations = await inbox.evaluate(async () => (await window.axe.run()).violations.map((v) => v.id));
  assert.deepEqual(dialogViolations, [], 'axe-core finds no violation with the question open');
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await inbox.setViewportSize({ width, height });
    await inbox.keyboard.press('Tab');
    await inbox.keyboard.press('Shift+Tab');
    await inbox.screenshot({ path: join(shots, `inbox-confirm-${name}.png`) });
  }
  await inbox.click('#confirm-no');
  await inbox.locator('#confirm').waitFor({ state: 'hidden' });
  assert.equal((await staff('GET', `handoffs/${id}`)).body.status, 'active', 'going back hands nothing back');
  await inbox.locator('#release').click();
  await inbox.waitForSelector('#confirm[open]', { timeout: 10_000 });
  await inbox.click('#confirm-yes');
  await waitFor('.loket-bot', /weer met de digitale assistent/, 'the hand-back');
  await inbox.locator('#details', { hasText: 'teruggegeven aan de chatbot' }).waitFor({ timeout: 10_000 });
  await input.fill('wanneer is het gemeentehuis open');
  await page.keyboard.press('Enter');
  await waitFor('.loket-bot', /[Oo]pen|geopend|openingstijden/, 'the bot answering again');
  assert.equal((await staff('GET', `handoffs/${id}`)).body.close_reason, 'handed back to the bot');
  ok('handed back to the bot from the inbox once asked again (going back keeps it): the resident is told, the inbox says so in Dutch, and the bot answers the next question');
  // A callback request (left outside office hours): the resident is not in the chat, so the
  // inbox shows how to reach them and offers no reply box and no hand-back.
  execFileSync('psql', [databaseUrl, '-qc', "INSERT INTO handoffs (session, channel, lang, status, question, contact) " +
    "VALUES ('callback-e2e', 'web', 'nl', 'callback', 'Wanneer wordt mijn dakkapel beoordeeld?', 'jan@example.org')"]);
  await inbox.reload();  // written to the database directly: no change announced to the page
  await inbox.locator('#callback button').first().waitFor({ timeout: 10_000 });
  assert.match(await inbox.locator('#callback button').first().innerText(), /“Wanneer wordt mijn dakkapel beoordeeld\?”/);
  await inbox.locator('#callback button').first().click();
  await inbox.locator('#take:visible').click();
  await inbox.locator('#details', { hasText: 'bij' }).waitFor({ timeout: 10_000 });
  assert.equal(await inbox.isVisible('#callback-note'), true);
  assert.equal(await inbox.textContent('#callback-contact'), 'jan@example.org');
  assert.equal(await inbox.textContent('#callback-question'), 'Wanneer wordt mijn dakkapel beoordeeld?');
  assert.equal(await inbox.isVisible('#reply-form'), false, 'no reply box: nobody would read it');
  assert.equal(await inbox.isVisible('#release'), false, 'nothing to hand back to the bot');
  assert.equal(await inbox.isVisible('#close-form'), true);
  await inbox.evaluate(AXE);  // again, after the reload
  assert.deepEqual(await inbox.evaluate(async () => (await window.axe.run()).violations.map((v) => v.id)), [],
    'axe-core finds no violation with a callback request open');
  await inbox.setViewportSize({ width: 390, height: 844 });
  await inbox.screenshot({ path: join(shots, 'inbox-callback-phone.png'), fullPage: true });
  ok('a callback request in the inbox: its question in the list; once taken, the contact and question shown, no reply box and no hand-back');

  // Another resident starts waiting while the inbox is open: announced, and counted in the title.
  assert.doesNotMatch(await inbox.title(), /^\(\d+\) /, 'nobody waits');
  const other = await fetch(`${loket.base}/api/v1/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ intent: 'handoff' }) }).then((r) => r.json());
  assert.equal(other.handoff.status, 'waiting');
  await inbox.locator('#live', { hasText: /^Een inwoner wacht: gesprek #\d+\.$/ }).waitFor({ timeout: 10_000 });
  assert.match(await inbox.title(), /^\(1\) /);
  ok('a resident who starts waiting is announced in the inbox\'s status line and counted in its title');
  assert.deepEqual(errors, [], 'no page errors');
  exitCode = 0;
} catch (e) {
  console.log(`not ok - ${e.stack || e}`);
} finally {
  clearTimeout(timer);
  await browser?.close();
  await stopLoket(loket?.server);
  dropDatabase(dbName);
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(exitCode === 0 ? `# all ${passed} passed` : '# failed');
  process.exit(exitCode);
}
