// Browser test of the example region: one loket serving config/examples/hosting.yaml. In Debian's
// headless Chromium a resident of Zuiderdam chats under /m/zuiderdam/ and gets Zuiderdam's
// answer, a resident of Noorderhaven at / gets Noorderhaven's; Zuiderdam's staff sign in under
// their prefix and their session is no session on Noorderhaven's pages.
//
// Usage: node tests/e2e/region.test.mjs PATH/TO/loket PATH/TO/hosting.yaml
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, hosting] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const dbName = `loket_e2e_region_${process.pid}`;
const token = 'e2e-zuiderdam-beheer';
const timer = setTimeout(() => { console.log('not ok - timed out after 100 s'); process.exit(1); }, 100_000);

let passed = 0;
const ok = (m) => console.log(`ok ${++passed} - ${m}`);
const bots = '#loket-chat .loket-msg.loket-bot';

// Asks in the page's inline widget; the new answer's text.
async function ask(page, question) {
  const before = await page.locator(bots).count();
  const input = page.locator('#loket-chat form.loket-form input[name=question]');
  await input.fill(question);
  await input.press('Enter');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [bots, before],
    { timeout: 10_000 });
  const errors = await page.locator('#loket-chat .loket-msg.loket-error').allTextContents();
  assert.deepEqual(errors, [], `no error bubble after "${question}"`);
  return (await page.locator(bots).nth(before).locator('.loket-text').textContent()).trim();
}

let server, browser, exitCode = 1;
try {
  const dbUrl = createDatabase(dbName);
  let base;
  ({ server, base } = await startLoket(binary, hosting,
    { LOKET_DATABASE_URL: dbUrl, LOKET_ADMIN_TOKEN_ZUIDERDAM: token }));
  ok(`the region served on ${base}`);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));

  await page.goto(`${base}/m/zuiderdam`);
  assert.equal(new URL(page.url()).pathname, '/m/zuiderdam/', 'the prefix without its slash leads to it');
  await page.locator('#loket-chat form.loket-form input[name=question]').waitFor({ state: 'visible' });
  assert.match(await page.title(), /Zuiderdam/, "Zuiderdam's page");
  const south = await ask(page, 'Wanneer is het gemeentehuis open?');
  assert.match(south, /Raadhuisplein 3.*zuiderdam\.nl/s, `Zuiderdam's opening hours: ${south}`);
  assert.ok(sockets.some((u) => new URL(u).pathname === '/m/zuiderdam/api/v1/chat/ws'),
    `the widget talks to Zuiderdam's socket: ${sockets.join(', ')}`);
  const fee = await ask(page, 'Wat kost een paspoort?');
  assert.match(fee, /82,50/, `Zuiderdam's own passport fee: ${fee}`);
  await page.evaluate(readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'axe-core finds no violation on Zuiderdam\'s page');
  await page.screenshot({ path: join(here, 'screenshots', 'region-zuiderdam.png') });
  ok('a resident of Zuiderdam gets Zuiderdam\'s answers under /m/zuiderdam/ (axe clean)');

  await page.goto(`${base}/`);
  await page.locator('#loket-chat form.loket-form input[name=question]').waitFor({ state: 'visible' });
  const north = await ask(page, 'Wanneer is het gemeentehuis open?');
  assert.doesNotMatch(north, /Zuiderdam/, `Noorderhaven's own opening hours: ${north}`);
  assert.match(north, /Stadswinkel|Noorderhaven/, `Noorderhaven's opening hours: ${north}`);
  ok('a resident of Noorderhaven gets Noorderhaven\'s answer at /');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${base}/m/zuiderdam/admin`);
  // The sign-in form already says whose pages these are.
  await page.waitForFunction(() => document.title.startsWith('Gemeente Zuiderdam'), null,
    { timeout: 10_000 });
  assert.equal((await page.textContent('header h1')).trim(), 'Gemeente Zuiderdam – dashboard');
  await page.fill('#token', token);
  await page.click('#login button');
  await page.locator('#dashboard').waitFor({ state: 'visible', timeout: 10_000 });
  const cookies = await page.context().cookies();
  const staff = cookies.find((c) => c.name === 'loket_staff');
  assert.equal(staff?.path, '/m/zuiderdam/admin', 'the session cookie belongs to Zuiderdam\'s pages');
  await page.screenshot({ path: join(here, 'screenshots', 'region-zuiderdam-admin.png') });
  ok('Zuiderdam\'s staff sign in under /m/zuiderdam/admin');

  await page.goto(`${base}/admin`);
  await page.locator('#token').waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForFunction(() => document.title === 'Gemeente Noorderhaven – dashboard', null,
    { timeout: 10_000 });
  assert.equal(await page.isVisible('#dashboard'), false, 'no dashboard without signing in');
  const stats = await page.evaluate(async () => (await fetch('/admin/v1/stats')).status);
  assert.equal(stats, 401, 'Zuiderdam\'s session is nothing on Noorderhaven\'s staff API');
  ok('Zuiderdam\'s session opens nothing of Noorderhaven\'s');

  assert.deepEqual(pageErrors, [], 'no script errors');
  exitCode = 0;
} catch (e) {
  console.log(`not ok - ${e.stack || e}`);
} finally {
  clearTimeout(timer);
  if (browser) await browser.close();
  await stopLoket(server);
  dropDatabase(dbName);
  console.log(`e2e region: ${passed} passed, ${exitCode ? 1 : 0} failed`);
  process.exit(exitCode);
}
