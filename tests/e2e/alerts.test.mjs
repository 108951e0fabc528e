// Alerts composed at /admin in headless Chromium, as a member of staff with the campaigns role
// would: the topic and the text, the area drawn on the map (no tiles load here: the page works
// without them), the number of residents it reaches before sending, the question asked once
// more before sending or cancelling, a double click that sends once, the delivery reaching a resident's contact, an alert scheduled for tomorrow cancelled from
// the list; an editor does not see the composer. axe-core, 320 px, screenshots.
// Usage: node alerts.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, config] = process.argv.slice(2);
if (!binary || !config) {
  console.error('usage: node alerts.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const dbName = `loket_e2e_alerts_${process.pid}`;
const adminToken = 'e2e-alerts-admin-token';
const timer = setTimeout(() => { console.error('not ok - timed out'); process.exit(1); }, 90000);
let step = 0;
const ok = (what) => console.log(`ok ${++step} - ${what}`);

// A resident's webhook contact: what loket delivers to it.
const received = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => { received.push({ path: req.url, body: JSON.parse(body) }); res.end('{}'); });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hook = (path) => `http://127.0.0.1:${receiver.address().port}${path}`;

let server, browser, exitCode = 1;
try {
  const dbUrl = createDatabase(dbName);
  let base;
  ({ server, base } = await startLoket(binary, config, { LOKET_DATABASE_URL: dbUrl, LOKET_ADMIN_TOKEN: adminToken }));
  const staffApi = async (method, path, body) => {
    const r = await fetch(`${base}/admin/v1/${path}`, { method, body: body && JSON.stringify(body),
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' } });
    return { status: r.status, body: await r.json() };
  };
  const token = (role, name) => {
    const out = execFileSync(binary, ['token', 'create', '--role', role, '--name', name, '--config', config],
      { env: { ...process.env, LOKET_DATABASE_URL: dbUrl } }).toString().trim().split('\n');
    return out[out.length - 1];
  };
  const composer = await staffApi('GET', 'notifications:compose');
  assert.equal(composer.status, 200);
  const [lat, lon] = composer.body.map.centre;
  // One resident at the map's centre, one 3 km north; both follow road works, at any hour.
  for (const [path, where] of [['/near', { lat, lon }], ['/far', { lat: lat + 0.027, lon }]]) {
    const made = await staffApi('POST', 'contacts', { channel: 'webhook', address: hook(path), lang: 'nl',
      location: where, topics: ['werkzaamheden'], quiet_hours: { start: '00:00', end: '00:00' } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  ok(`loket on ${base}; two residents follow road works, 3 km apart`);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 }, locale: 'nl-NL' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/admin`);
  await page.fill('#token', token('campaigns', 'communicatie'));
  await page.press('#token', 'Enter');
  await page.waitForSelector('#alerts:not([hidden])', { timeout: 10000 });
  assert.equal(await page.isVisible('#dashboard'), false, 'no statistics for the campaigns role');
  await page.selectOption('#topic', 'werkzaamheden');
  await page.fill('#text-nl', 'Werkzaamheden aan de Dijkweg: de weg is dicht tot vrijdag.');
  assert.match(await page.textContent('#missing'), /Geen tekst in het Engels, Duits/);
  await page.locator('#recipients', { hasText: 'naar 2 inwoners' }).waitFor({ timeout: 5000 });
  ok('composing: topics by name, a text per language with a warning for the missing ones, 2 residents reached');

  await page.check('input[name=area][value=map]');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.ok(Math.abs(parseFloat(await page.inputValue('#lat')) - lat) < 0.001, 'the click sets the centre');
  assert.equal(await page.locator('#map path.leaflet-interactive').count(), 1, 'the circle is drawn');
  await page.locator('#recipients', { hasText: 'naar 1 inwoner.' }).waitFor({ timeout: 5000 });
  await page.fill('#radius', '5000');
  await page.locator('#recipients', { hasText: 'naar 2 inwoners' }).waitFor({ timeout: 5000 });
  await page.fill('#radius', '500');
  await page.locator('#recipients', { hasText: 'naar 1 inwoner.' }).waitFor({ timeout: 5000 });
  ok('a circle drawn on the map (without tiles): 1 resident within 500 m, 2 within 5 km');

  await page.evaluate(readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'axe-core finds no violation in the composer');
  mkdirSync(join(here, 'screenshots'), { recursive: true });
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(here, 'screenshots', `alerts-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForTimeout(200);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 320, `the composer fits 320 CSS px (scroll width ${scroll})`);
  await page.setViewportSize({ width: 1280, height: 1200 });
  ok('axe-core: no violation; fits 320 px; screenshots tests/e2e/screenshots/alerts-{phone,laptop}.png');

  // Sending is asked once more, with what goes to whom; "Terug" (or Escape) sends nothing.
  await page.dblclick('#send-alert');
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  assert.equal(await page.textContent('#confirm-title'), 'Melding nu versturen?');
  const facts = await page.textContent('#confirm-facts');
  for (const fact of [/Onderwerp: Werkzaamheden/i, /binnen 500 m van/, /Wanneer: meteen/, /naar 1 inwoner\./])
    assert.match(facts, fact);
  assert.match(await page.textContent('#confirm-text'), /Dijkweg/);
  assert.equal(await page.textContent('#confirm-yes'), 'Ja, versturen naar 1 inwoner');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-no', 'the safe choice has the focus');
  const dialogViolations = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => v.id));
  assert.deepEqual(dialogViolations, [], 'axe-core finds no violation with the question open');
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.keyboard.press('Tab');  // from "Terug" to the yes button and back: the ring shows
    await page.keyboard.press('Shift+Tab');
    await page.screenshot({ path: join(here, 'screenshots', `alerts-confirm-${name}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 1200 });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-no');
  await page.keyboard.press('Escape');
  await page.locator('#confirm').waitFor({ state: 'hidden' });
  await page.click('#send-alert');
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  await page.click('#confirm-no');
  await page.locator('#confirm').waitFor({ state: 'hidden' });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await staffApi('GET', 'notifications')).body.notifications.length, 0, 'going back sends nothing');
  assert.equal(received.length, 0);
  ok('sending is asked once more (topic, area, when, 1 resident, the text; focus on "Terug"); going back sends nothing; screenshots alerts-confirm-{phone,laptop}.png');

  await page.click('#send-alert');
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  await page.dblclick('#confirm-yes');
  await page.locator('#sent', { hasText: 'onderweg naar 1 inwoner' }).waitFor({ timeout: 10000 });
  for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(received.map((r) => r.path), ['/near'], 'delivered once, to the resident inside the circle');
  assert.match(received[0].body.text, /Dijkweg/);
  const listed = await staffApi('GET', 'notifications');
  assert.equal(listed.body.notifications.length, 1, 'a double click sends once');
  // The draft's key: a retry after a lost answer (the same request again) sends nothing more.
  const again = (key) => fetch(`${base}/admin/v1/notifications`, { method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ topic: 'afval', text: { nl: 'Proef met één sleutel' } }) });
  const key = 'e2e-retry-0123456789abcdef';
  const first = await again(key), second = await again(key);
  assert.equal((await first.json()).id, (await second.json()).id, 'one alert for one key');
  assert.equal((await staffApi('GET', 'notifications')).body.notifications.length, 2);
  await page.locator('#sent-alerts tr', { hasText: 'Dijkweg' }).locator('td', { hasText: 'klaar' }).waitFor({ timeout: 10000 });
  ok('sent with a double click: one alert, delivered to the resident inside the circle only, followed to "klaar"');

  // Mistakes said in the page's words before any question: a range of postcodes, a start long past.
  await page.check('input[name=area][value=postcodes]');
  await page.fill('#text-nl', 'Proef');
  await page.fill('#postcodes', '9701-9703');
  await page.click('#send-alert');
  await page.locator('#compose-error', { hasText: '“9701-9703” is geen postcode en geen begin van een postcode' }).waitFor({ timeout: 10000 });
  await page.fill('#postcodes', '9701 AB; 9702');
  assert.equal(await page.textContent('#compose-error'), '', 'the note goes once the field is changed');
  await page.locator('#recipients', { hasText: 'naar 0 inwoners' }).waitFor({ timeout: 5000 });
  await page.fill('#send-at', '2020-01-01T10:00');
  await page.click('#send-alert');
  await page.locator('#compose-error', { hasText: '“Versturen vanaf” ligt in het verleden' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#confirm[open]').count(), 0, 'no question for an alert that cannot go');
  await page.fill('#send-at', '');
  ok('a range of postcodes and a start long past are said in Dutch before the question; semicolons separate postcodes');

  // Tomorrow at ten, to everyone: waiting, then cancelled from the list.
  await page.check('input[name=area][value=all]');
  await page.fill('#text-nl', 'Morgen wordt de Dijkweg opnieuw geasfalteerd.');
  const tomorrow = new Date(Date.now() + 86400000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T10:00`;
  await page.fill('#send-at', local);
  // An end before the start is said in the page's words, before anything is sent.
  await page.fill('#expires-at', `${local.slice(0, 11)}09:00`);
  await page.click('#send-alert');
  await page.locator('#compose-error', { hasText: 'moet na “Versturen vanaf” liggen' }).waitFor({ timeout: 10000 });
  await page.fill('#expires-at', '');
  await page.click('#send-alert');
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  assert.equal(await page.textContent('#confirm-title'), 'Melding inplannen?');
  assert.match(await page.textContent('#confirm-facts'), /Wanneer: .*10:00.*naar 2 inwoners\./s);
  await page.click('#confirm-yes');
  await page.locator('#sent', { hasText: 'is gepland voor' }).waitFor({ timeout: 10000 });
  assert.match(await page.textContent('#sent'), /voor 2 inwoners\.$/, 'a scheduled alert is said to be scheduled');
  const waiting = page.locator('#sent-alerts tr', { hasText: 'geasfalteerd' });
  await waiting.locator('td', { hasText: 'gepland' }).waitFor({ timeout: 10000 });
  // On a phone each alert is a card, each value under its heading: "Annuleren" is on screen,
  // not beyond a sideways scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  await waiting.locator('button', { hasText: 'Annuleren' }).scrollIntoViewIfNeeded();
  const cancelBox = await waiting.locator('button', { hasText: 'Annuleren' }).boundingBox();
  assert.ok(cancelBox.x >= 0 && cancelBox.x + cancelBox.width <= 390, `"Annuleren" on screen at 390 px (${JSON.stringify(cancelBox)})`);
  assert.equal(await waiting.locator('td[data-label="status"]').textContent(), 'gepland');
  await page.screenshot({ path: join(here, 'screenshots', 'alerts-list-phone.png') });
  await page.setViewportSize({ width: 1280, height: 1200 });
  await waiting.locator('button', { hasText: 'Annuleren' }).click();
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  assert.match(await page.textContent('#confirm-facts'), /2 inwoners hebben deze melding nog niet gekregen/);
  await page.click('#confirm-no');
  await page.locator('#confirm').waitFor({ state: 'hidden' });
  assert.equal((await staffApi('GET', 'notifications')).body.notifications[0].status, 'scheduled', 'going back cancels nothing');
  await waiting.locator('button', { hasText: 'Annuleren' }).click();
  await page.waitForSelector('#confirm[open]', { timeout: 10000 });
  await page.click('#confirm-yes');
  await waiting.locator('td', { hasText: 'geannuleerd' }).first().waitFor({ timeout: 10000 });
  const last = (await staffApi('GET', 'notifications')).body.notifications[0];
  assert.equal(last.status, 'cancelled');
  assert.equal(last.counts.cancelled, 2);
  assert.equal(received.length, 1, 'nothing of the cancelled alert was sent');
  ok('an alert for tomorrow is asked as "inplannen", "gepland" for 2 residents, and cancelled from the list once asked again');

  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#token', token('editor', 'redactie'));
  await page.press('#token', 'Enter');
  await page.waitForSelector('#dashboard:not([hidden])', { timeout: 10000 });
  assert.equal(await page.isVisible('#alerts'), false, 'an editor does not see the composer');
  assert.deepEqual(errors, [], 'no script errors on the page');
  ok('an editor sees the statistics and not the composer');
  exitCode = 0;
} catch (e) {
  console.error(`not ok - ${e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopLoket(server);
  dropDatabase(dbName);
  receiver.close();
  clearTimeout(timer);
  process.exit(exitCode);
}
