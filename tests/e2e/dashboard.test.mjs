// The staff dashboard in headless Chromium: residents ask questions (some the bot cannot
// answer), staff sign in at /admin with a token (a session cookie from then on), and see the
// charts and the unanswered list; who is signed in and what their role may see; a call without
// the CSRF value refused; signing out; a session that ended returns to the sign-in form.
// Usage: node dashboard.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, config] = process.argv.slice(2);
if (!binary || !config) {
  console.error('usage: node dashboard.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const dbName = `loket_e2e_${process.pid}`;
const token = 'e2e-dashboard-token';
const timer = setTimeout(() => { console.error('not ok - timed out'); process.exit(1); }, 60000);

let server, browser, copy, exitCode = 1;
try {
  const dbUrl = createDatabase(dbName);
  // A copy of the municipality and its region: the page writes examples into its additions file.
  copy = mkdtempSync(join(tmpdir(), 'loket-e2e-dashboard-'));
  const own = basename(dirname(config));
  cpSync(dirname(config), join(copy, own), { recursive: true });
  cpSync(join(dirname(config), '..', 'regio-noord'), join(copy, 'regio-noord'), { recursive: true });
  const copied = join(copy, own, basename(config));
  const psql = (sql) => execFileSync('psql', [dbUrl, '-qtAc', sql]).toString().trim();
  let base;
  ({ server, base } = await startLoket(binary, copied, { LOKET_DATABASE_URL: dbUrl, LOKET_ADMIN_TOKEN: token }));
  console.log(`ok 1 - loket with PostgreSQL on ${base}`);

  for (const text of ['Hoe vraag ik een paspoort aan?', 'wie wint de champions league',
                      'wie wint de champions league', 'wat is de hoofdstad van frankrijk',
                      'ik wil een medewerker spreken',
                      'het kartonnen oproepkaartje voor de verkiezing ben ik kwijtgeraakt',
                      'Het kartonnen oproepkaartje voor de verkiezing ben ik kwijtgeraakt!']) {
    const r = await fetch(`${base}/api/v1/chat`, { method: 'POST', body: JSON.stringify({ session: 'e2e', text }) });
    assert.equal(r.status, 200);
  }
  // The conversation log is written in batches every second.
  await new Promise((r) => setTimeout(r, 2500));
  console.log('ok 2 - residents asked seven questions');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 }, locale: 'nl-NL', acceptDownloads: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/admin`);
  const axe = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const atSignIn = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(atSignIn, [], 'axe-core finds no violation on the sign-in form');
  await page.fill('#token', 'wrong-token');
  await page.click('#login button');
  await page.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
  assert.equal(await page.isVisible('#dashboard'), false, 'a wrong token shows nothing');
  console.log('ok 3 - a wrong token is refused');

  // Keyboard only from here: Tab to the token, type it, Enter.
  await page.fill('#token', '');
  await page.evaluate(() => document.activeElement?.blur());
  const tabTo = async (id) => {
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, `Tab reaches #${id}`);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', `#${id} shows focus`);
  };
  await tabTo('token');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#dashboard:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#chart-questions canvas', { timeout: 10000 });
  assert.ok(await page.isVisible('#chart-fallbacks canvas'), 'the fallback chart is drawn');
  const unanswered = await page.textContent('#unanswered');
  assert.match(unanswered, /wie wint de champions league/);
  assert.match(unanswered, /2/);
  assert.match(await page.textContent('#per-intent'), /Paspoort aanvragen\s*1\s*0\s*100%/);
  assert.match(await page.textContent('#channels'), /^kanaalvragenbegrepenWebchat7/, 'web chat by its name, once');
  assert.doesNotMatch(await page.textContent('#dashboard'), /\d+\/\d+\/\d{4}|Time/, 'no US dates, no "Time"');
  const today = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(new Date());
  assert.match(await page.textContent('#period'), new RegExp(`tot en met ${today}`));
  assert.match(await page.textContent('.u-legend'), /Dag/);
  assert.match(await page.textContent('#handoffs'), /Medewerker aangeboden\s*1/);
  assert.match(await page.textContent('#who-name'), /LOKET_ADMIN_TOKEN \(beheerder, redactie, meldingen, inbox\)/);
  console.log('ok 4 - signed in: charts, the unanswered questions and the handoffs are shown');

  // The token is not kept by the page: a reload is still signed in through the HttpOnly cookie.
  assert.equal(await page.evaluate(() => JSON.stringify(sessionStorage) + document.cookie), '{}',
    'neither the token nor the session is readable by the page');
  await page.reload();
  await page.waitForSelector('#dashboard:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#chart-questions canvas', { timeout: 10000 });
  await page.evaluate(axe);
  const [cookie] = await page.context().cookies();
  assert.equal(cookie.name, 'loket_staff');
  assert.ok(cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/admin', JSON.stringify(cookie));
  const refused = await page.evaluate(async () => {
    const r = await fetch('/admin/v1/config:reload', { method: 'POST' });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(refused.status, 403, 'a call that changes something without X-CSRF-Token');
  assert.match(refused.body.error, /X-CSRF-Token/);
  console.log('ok 5 - a reload stays signed in (HttpOnly, SameSite=Strict cookie); no CSRF value: 403');

  // An unanswered question becomes an example of the intent staff choose, after its what-if.
  const ask = async (text) => (await (await fetch(`${base}/api/v1/chat`, { method: 'POST',
    body: JSON.stringify({ session: `e2e-${Math.random()}`, text }) })).json()).intent;
  assert.equal(await ask('het kartonnen oproepkaartje voor de verkiezing ben ik kwijtgeraakt'), null);
  const group = page.locator('#unanswered tr', { hasText: 'oproepkaartje' });
  await group.locator('td', { hasText: 'Nederlands' }).waitFor();
  // The nearest topic is offered as a button, never filled in for two clicks to apply.
  assert.equal(await group.locator('input').inputValue(), '');
  const near = group.locator('button.near');
  assert.match(await near.textContent(), /^Dichtstbij: .+/);
  await near.click();
  assert.equal(await group.locator('input').inputValue(), (await near.textContent()).slice('Dichtstbij: '.length));
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'INPUT');
  await group.locator('input').fill('Stempas kwijt of niet ontvangen');
  await group.locator('button', { hasText: 'Voeg toe als voorbeeld' }).click();
  await page.waitForSelector('#proposal:not([hidden])', { timeout: 60000 });
  assert.match(await page.textContent('#proposal-title'), /Stempas kwijt of niet ontvangen/);
  assert.match(await page.textContent('#proposal-summary'), /2 nieuw\(e\) voorbeeld.*krijgen er [1-9]/);
  await page.click('#proposal-apply');
  await page.locator('#unanswered-status', { hasText: 'toegevoegd' }).waitFor({ timeout: 60000 });
  assert.equal(await ask('het kartonnen oproepkaartje voor de verkiezing ben ik kwijtgeraakt'), 'stempas-kwijt');
  assert.match(readFileSync(join(dirname(copied), 'aanvullingen.yaml'), 'utf8'), /id: stempas-kwijt[\s\S]*oproepkaartje/);
  assert.equal(await group.count(), 0, 'the group is off the list');
  // Set aside: off the list for every staff member, also after a reload.
  const champions = page.locator('#unanswered tr', { hasText: 'champions league' });
  await champions.locator('button', { hasText: 'Negeren' }).click();
  await champions.waitFor({ state: 'detached' });
  assert.equal(psql("SELECT ignored_by FROM ignored_questions WHERE text = 'wie wint de champions league'"), 'LOKET_ADMIN_TOKEN');
  // Undone at once: back on the list, for everyone.
  await page.locator('#unanswered-status', { hasText: 'staat niet meer in de lijst' }).waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Ongedaan maken', 'the undo has the focus');
  await page.keyboard.press('Enter');
  await page.locator('#unanswered-status', { hasText: 'staat weer in de lijst' }).waitFor({ timeout: 10000 });
  await champions.waitFor({ timeout: 10000 });
  assert.equal(psql("SELECT count(*) FROM ignored_questions WHERE text = 'wie wint de champions league'"), '0');
  await champions.locator('button', { hasText: 'Negeren' }).click();
  await champions.waitFor({ state: 'detached' });
  console.log('ok 6 - an unanswered question made an example of "Stempas kwijt" after its what-if: answered after the reload; one set aside, undone, and set aside again');

  await tabTo('export');
  await page.keyboard.press('Enter');
  const exported = await page.textContent('#yaml');
  assert.match(exported, /examples:\n  nl:\n[\s\S]*- "wat is de hoofdstad van frankrijk"/);
  assert.doesNotMatch(exported, /champions league/, 'what was set aside is not exported');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('#per-intent + button.csv')]);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.match(download.suggestedFilename(), /^loket-per-intent-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(saved.startsWith('\ufeffonderwerp;beantwoord;'), JSON.stringify(saved.slice(0, 40)));
  assert.match(saved, /\r\nPaspoort aanvragen;1;0;100%;/);
  console.log('ok 7 - unanswered questions export as YAML examples; a table downloads as CSV (Excel, Dutch settings)');

  // A file saved with a mistake: the change is refused, and staff see why on the dashboard.
  assert.match(await page.textContent('#content-version'), /^Versie [0-9a-f]+, \d+ onderwerpen\.$/);
  assert.equal(await page.isVisible('#content-refused'), false);
  writeFileSync(join(dirname(copied), 'content', 'honden.yaml'),
    'intents:\n  - id: honden\n    examples: {nl: [waar mag mijn hond los]}\n    answer\n');
  const badReload = await fetch(`${base}/admin/v1/config:reload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(badReload.status, 422);
  await page.click('#range button[type=submit]');
  await page.waitForSelector('#content-refused:not([hidden])', { timeout: 10000 });
  assert.match(await page.textContent('#content-refused-what'), /niet in gebruik genomen \(herladen via de API, op [^)]+:\d+\)/);
  assert.match(await page.textContent('#content-problems'), /^content\/honden\.yaml:4:5: /, 'named from the server file\'s folder');
  // Examples applied while another file has that mistake: refused, with the problem listed.
  const capital = page.locator('#unanswered tr', { hasText: 'hoofdstad van frankrijk' });
  await capital.locator('input').fill('Stempas kwijt of niet ontvangen');
  await capital.locator('button', { hasText: 'Voeg toe als voorbeeld' }).click();
  await page.waitForSelector('#proposal:not([hidden])', { timeout: 60000 });
  await page.click('#proposal-apply');
  await page.locator('#unanswered-status', { hasText: 'Niet doorgevoerd: een ander inhoudsbestand heeft fouten' }).waitFor({ timeout: 60000 });
  assert.match(await page.textContent('#unanswered-status li'), /^content\/honden\.yaml:4:5: /);
  assert.equal(await page.isVisible('#proposal'), false, 'the refused change is not offered again');
  // Corrected, but in Dutch only: in use, and what check-config says of it is on the dashboard.
  writeFileSync(join(dirname(copied), 'content', 'honden.yaml'),
    'intents:\n  - id: honden\n    title: {nl: Hond uitlaten}\n    examples: {nl: [waar mag mijn hond los]}\n    answer: {nl: In het hondenlosloopgebied.}\n');
  const goodReload = await fetch(`${base}/admin/v1/config:reload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(goodReload.status, 200);
  await page.click('#range button[type=submit]');
  await page.waitForSelector('#content-warnings:not([hidden])', { timeout: 10000 });
  await page.click('#content-warnings-title');
  assert.match(await page.textContent('#content-warning-list'), /content\/honden\.yaml:\d+:\d+: intent 'honden' has no answer in 'en'/);
  assert.equal(await page.isVisible('#content-refused'), false, 'the refusal went with the corrected file');
  console.log('ok 7b - a refused change and its problems (file:line) are on the dashboard, and examples applied meanwhile are refused with them; the corrected file\'s warnings are listed');

  // A file emptied by accident is refused with what it held; one deleted goes live, and the
  // dashboard says what went.
  const afval = join(dirname(copied), 'content', 'afval.yaml');
  const afvalText = readFileSync(afval, 'utf8');
  writeFileSync(afval, '');
  const emptied = await fetch(`${base}/admin/v1/config:reload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(emptied.status, 422);
  await page.click('#range button[type=submit]');
  await page.locator('#content-problems', { hasText: 'content/afval.yaml:1:1: this file is empty now' }).waitFor({ timeout: 10000 });
  writeFileSync(afval, afvalText);
  rmSync(join(dirname(copied), 'content', 'honden.yaml'));
  const deleted = await fetch(`${base}/admin/v1/config:reload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(deleted.status, 200);
  assert.equal((await deleted.json()).taken_out.removed[0].id, 'honden');
  await page.click('#range button[type=submit]');
  await page.waitForSelector('#content-taken-out:not([hidden])', { timeout: 10000 });
  assert.equal(await page.textContent('#content-taken-out-what'), 'Bij de laatste wijziging: 1 onderwerp is weggehaald.');
  assert.equal(await page.textContent('#content-taken-out-list'), 'Hond uitlaten (honden): weggehaald, stond in content/honden.yaml:2');
  assert.equal(await page.isVisible('#content-refused'), false, 'the emptied file was put back');
  console.log('ok 7c - an emptied file is refused with what it held; a deleted one goes live and the dashboard names what went');

  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'axe-core finds no violation on /admin');
  console.log('ok 8 - axe-core: no violation on the dashboard');

  mkdirSync(join(here, 'screenshots'), { recursive: true });
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
    await page.locator('#content-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(here, 'screenshots', `dashboard-${name}.png`) });
  }
  // Reflow: at 320 CSS px (and 1280 px at 400 % zoom) nothing needs scrolling sideways.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.waitForTimeout(200);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 320, `the dashboard fits 320 CSS px (scroll width ${scroll})`);
  await page.setViewportSize({ width: 1200, height: 1400 });
  await page.screenshot({ path: join(here, 'screenshots', 'dashboard.png'), fullPage: true });
  console.log('ok 9 - screenshots saved to tests/e2e/screenshots/dashboard{,-phone,-laptop}.png');

  // In English: the header's switch; the page, its tables and its dates in English.
  await page.setViewportSize({ width: 1200, height: 1400 });
  await page.click('#staff-lang');
  await page.waitForSelector('#chart-questions canvas', { timeout: 10000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('#dashboard'), /Questions per day[\s\S]*Per topic[\s\S]*Unanswered questions/);
  assert.match(await page.textContent('#per-intent'), /^topicanswerednot understood, but close/);
  assert.match(await page.textContent('#period'), / to \d+ December \d{4} \(30 days\)/);
  assert.equal(await page.textContent('#sign-out'), 'Sign out');
  await page.evaluate(axe);
  const english = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => v.id));
  assert.deepEqual(english, [], 'axe-core finds no violation in English');
  await page.screenshot({ path: join(here, 'screenshots', 'dashboard-en.png'), fullPage: true });
  await page.click('#staff-lang');
  await page.waitForSelector('#chart-questions canvas', { timeout: 10000 });
  assert.equal(await page.textContent('#sign-out'), 'Uitloggen');
  console.log('ok 10 - the staff pages in English at the switch of a button, and back in Dutch');

  // Signing out leaves nothing of what was shown in the page for whoever sits down next.
  await page.click('#sign-out');
  await page.locator('#login-error', { hasText: 'uitgelogd' }).waitFor({ timeout: 10000 });
  assert.doesNotMatch(await page.content(), /hoofdstad van frankrijk/, 'no resident question left in the page');
  await page.fill('#token', token);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#dashboard:not([hidden])', { timeout: 10000 });
  console.log('ok 10b - signing out clears the page');

  // A session that ended (here: idle past its limit) returns to the sign-in form at the next call.
  psql("UPDATE staff_sessions SET last_seen = now() - interval '1 day'");
  await page.reload();
  await page.waitForSelector('#login:not([hidden])', { timeout: 10000 });
  assert.equal(await page.isVisible('#dashboard'), false);
  console.log('ok 11 - an expired session shows the sign-in form again');

  // A campaigns token: no statistics (the API would refuse them), and the role is named.
  const made = execFileSync(binary, ['token', 'create', '--role', 'campaigns', '--name', 'communicatie',
    '--config', config], { env: { ...process.env, LOKET_DATABASE_URL: dbUrl } }).toString().trim().split('\n');
  await page.fill('#token', made[made.length - 1]);
  await page.click('#login button');
  await page.waitForSelector('#who:not([hidden])', { timeout: 10000 });
  assert.match(await page.textContent('#who-name'), /communicatie \(meldingen\)/);
  assert.equal(await page.isVisible('#dashboard'), false, 'a campaigns user sees no statistics');
  assert.ok(await page.isVisible('#alerts'), 'but the alert composer');
  assert.equal(await page.isVisible('#who a[href="/admin/inbox"]'), false, 'nor the inbox link');
  await page.click('#sign-out');
  await page.locator('#login-error', { hasText: 'uitgelogd' }).waitFor({ timeout: 10000 });
  assert.equal(psql("SELECT count(*) FROM staff_sessions WHERE name = 'communicatie'"), '0', 'signing out ends the session');
  assert.deepEqual(await page.context().cookies(), [], 'and clears the cookie');
  assert.match(psql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE actor = 'communicatie'"),
    /^POST \/admin\/v1\/session,.*GET \/admin\/v1\/notifications.*,DELETE \/admin\/v1\/session$/);
  assert.deepEqual(errors, [], 'no script errors on the page');
  console.log('ok 12 - a campaigns user sees only what the role may do, and signs out');
  exitCode = 0;
} catch (e) {
  console.error(`not ok - ${e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopLoket(server);
  dropDatabase(dbName);
  if (copy) rmSync(copy, { recursive: true, force: true });
  clearTimeout(timer);
  process.exit(exitCode);
}
