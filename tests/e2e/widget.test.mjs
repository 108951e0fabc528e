// The floating widget as a municipal website embeds it: a plain page on another origin with one
// script tag. In headless Chromium, with the real loket and PostgreSQL: nothing loads before the
// resident opens it; keyboard only (Tab, Enter, Space, Escape); axe-core finds no violation closed,
// open, with a conversation and suggestions, with an alert and with an error; a live alert
// arrives without typing; a question typed while loket is down is sent once when it is back;
// reflow at 320 CSS px and at 200 % zoom; reduced motion; the contrast of the configured colours.
// Screenshots of each state at 390x844 and 1280x800 go to tests/e2e/screenshots/.
// Usage: node widget.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, exampleConfig] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !exampleConfig) {
  console.error('usage: node widget.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
const AXE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const MAX_WIDGET_GZIP_BYTES = 20 * 1024;
const dbName = `loket_e2e_widget_${process.pid}`;
const token = 'e2e-widget-token';
const timer = setTimeout(() => { console.log('not ok - timed out after 150 s'); process.exit(1); }, 150_000);

let passed = 0;
const ok = (m) => console.log(`ok ${++passed} - ${m}`);

// The example municipality, with alerts sent at any hour and the queue polled often.
function testConfig(dir) {
  const base = dirname(exampleConfig);
  const text = readFileSync(exampleConfig, 'utf8')
    .replace(/^ {2}- (\.\.\/regio-noord\/content|content)\/$/gm, (line, path) => `  - ${join(base, path)}/`)
    .replace(/^( {2}locations: )content\//m, `$1${join(base, 'content')}/`)
    .replace(/^conversation_tests:\n {2}- tests\/$/m, '')
    .replace(/^ {2}- aanvullingen\.yaml\n/m, '')
    .replace(/^additions: .*\n/m, '');
  const file = join(dir, 'loket.yaml');
  writeFileSync(file, `${text}\nnotifications: {poll_interval_ms: 100, quiet_hours: {start: "00:00", end: "00:00"}}\n`);
  return file;
}

// A municipality's own page on another origin, embedding the widget with one script tag.
function startSite(loketBase) {
  const page = (lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Afvalkalender – Gemeente Noorderhaven</title>
<style>body{font-family:sans-serif;margin:0;background:#fff;color:#222}main{padding:1rem 2rem;max-width:50rem}</style></head>
<body><header><p><a href="#main">Naar de inhoud</a></p></header>
<main id="main"><h1>Afvalkalender</h1><p>Op deze pagina ziet u wanneer het afval wordt opgehaald.</p></main>
<script src="${loketBase}/widget.js" async></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url === '/en') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page(req.url === '/' ? 'nl' : 'en'));
    } else {
      res.writeHead(204);
      res.end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

// WCAG relative luminance contrast of two CSS rgb()/rgba() colours (alpha ignored: opaque here).
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

async function axe(page, state) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], `axe-core violations with the widget ${state}`);
}

async function screenshots(page, state) {
  mkdirSync(shots, { recursive: true });
  const size = page.viewportSize();
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(shots, `widget-${state}-${name}.png`) });
  }
  await page.setViewportSize(size);
}

const bots = '.loket-panel .loket-msg.loket-bot';
async function waitForBots(page, n, what) {
  await page.waitForFunction(([sel, k]) => document.querySelectorAll(sel).length >= k, [bots, n],
    { timeout: 10_000 }).catch(() => { throw new Error(`no answer after ${what}`); });
}
async function type(page, text) {
  await page.locator('.loket-panel input[name=question]').fill(text);
  await page.keyboard.press('Enter');
}

let loket, site, browser, dir, exitCode = 1;
try {
  dir = mkdtempSync(join(tmpdir(), 'loket-widget-e2e-'));
  const config = testConfig(dir);
  const env = { LOKET_DATABASE_URL: createDatabase(dbName), LOKET_ADMIN_TOKEN: token,
    LOKET_SESSION_SECRET: 'e2e-widget-session-secret-of-forty-characters' };
  loket = await startLoket(binary, config, env);
  const port = Number(new URL(loket.base).port);
  site = await startSite(loket.base);
  const siteBase = `http://127.0.0.1:${site.address().port}`;
  ok(`loket on ${loket.base}, the municipality's site on ${siteBase}`);

  const script = Buffer.from(await (await fetch(`${loket.base}/widget.js`)).arrayBuffer());
  const gz = gzipSync(script, { level: 9 }).length;
  assert.ok(gz <= MAX_WIDGET_GZIP_BYTES, `widget.js with its CSS is ${gz} bytes gzipped`);
  ok(`widget.js with its CSS and settings: ${script.length} bytes, ${gz} gzipped (limit ${MAX_WIDGET_GZIP_BYTES})`);

  browser = await chromium.launch({ executablePath: process.env.LOKET_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const toLoket = [];
  page.on('request', (r) => { if (r.url().startsWith(loket.base)) toLoket.push(new URL(r.url()).pathname); });
  const sockets = [];
  page.on('websocket', (ws) => {
    const s = { sent: [], received: [] };
    sockets.push(s);
    ws.on('framesent', (f) => { try { s.sent.push(JSON.parse(f.payload)); } catch { /* */ } });
    ws.on('framereceived', (f) => { try { s.received.push(JSON.parse(f.payload)); } catch { /* */ } });
  });

  // 1. Closed: the launcher and nothing else.
  await page.goto(`${siteBase}/`);
  const launcher = page.locator('.loket-launcher');
  await launcher.waitFor({ state: 'visible' });
  await page.waitForTimeout(700);
  assert.deepEqual(toLoket, ['/widget.js'], 'before opening, the script is the only request to loket');
  assert.equal(sockets.length, 0, 'no WebSocket before opening');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length), 0,
    'no storage before opening');
  assert.equal(await launcher.textContent(), 'Vraag het de gemeente', 'the configured launcher label');
  await axe(page, 'closed');
  await screenshots(page, 'closed');
  ok('closed: one request (the script), no socket, no storage, no axe violation');

  // 2. Keyboard: Tab reaches the launcher with a visible focus indicator; Enter opens it.
  for (let i = 0; i < 6 && !(await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher'))); i++) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher')), 'Tab reaches the launcher');
  const ring = await launcher.evaluate((e) => {
    const s = getComputedStyle(e);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
      page: getComputedStyle(document.body).backgroundColor };
  });
  assert.notEqual(ring.style, 'none', 'the launcher shows where focus is');
  assert.ok(ring.width >= 2, `focus outline ${ring.width}px`);
  assert.ok(contrast(ring.color, ring.page) >= 3, `focus outline contrast ${contrast(ring.color, ring.page).toFixed(2)}:1`);
  await page.keyboard.press('Enter');
  await page.locator('.loket-panel').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'question', 'focus is in the input');
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('.loket-panel[role=dialog]').getAttribute('aria-labelledby') !== null, true);
  await page.waitForFunction(() => document.querySelectorAll('.loket-panel .loket-msg').length === 1);
  await axe(page, 'open');
  await screenshots(page, 'open');
  ok(`keyboard: Tab reaches the launcher (outline ${ring.width}px, ${contrast(ring.color, ring.page).toFixed(1)}:1), Enter opens it with focus in the input`);

  // 3. A conversation with suggestions, keyboard only.
  await type(page, 'Hoe vraag ik een paspoort aan?');
  await waitForBots(page, 2, 'the passport question');
  const suggestion = page.locator('.loket-panel .loket-suggestions button').first();
  await suggestion.waitFor();
  await page.locator('.loket-panel input[name=question]').focus();
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.loket-suggestions')),
    'Shift+Tab from the input reaches the suggestions');
  await page.keyboard.press('Space');
  await waitForBots(page, 3, 'a suggestion chosen with Space');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'question', 'focus back in the input');
  await waitForBots(page, 3, 'the suggestion');
  await page.locator('.loket-panel .loket-suggestions button').first().waitFor();
  await axe(page, 'with a conversation and suggestions');
  // The configured colours as rendered: text at least 4.5:1 against what is behind it.
  const pairs = await page.evaluate(() => {
    const pick = (sel) => { const e = document.querySelector(sel); const s = getComputedStyle(e);
      return [sel, s.color, s.backgroundColor]; };
    const link = document.querySelector('.loket-panel .loket-bot .loket-links a');
    return [pick('.loket-panel .loket-resident'), pick('.loket-panel .loket-bot'),
      pick('.loket-panel .loket-form button'), pick('.loket-panel .loket-suggestions button'),
      pick('.loket-panel .loket-header'),
      ['link in an answer', getComputedStyle(link).color, getComputedStyle(link.closest('.loket-msg')).backgroundColor]];
  });
  for (const [what, fg, bg] of pairs) {
    assert.ok(contrast(fg, bg) >= 4.5, `${what}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
  }
  await screenshots(page, 'conversation');
  ok(`conversation: suggestions reachable and operable by keyboard; text contrast ${pairs.map(([, f, b]) => contrast(f, b).toFixed(1)).join(', ')}:1`);

  // "Was this answer helpful?": a thumb, then an optional comment, by keyboard.
  const feedback = page.locator('.loket-panel .loket-feedback').first();
  assert.match(await feedback.textContent(), /Was dit antwoord nuttig\?/);
  await feedback.locator('.loket-thumb', { hasText: 'Nee' }).focus();
  await page.keyboard.press('Enter');
  await feedback.locator('.loket-comment input').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.loket-comment') !== null), true,
    'focus moves to the optional comment');
  await page.keyboard.type('Ik mis wat het kost');
  await page.keyboard.press('Enter');
  await feedback.locator('.loket-comment').waitFor({ state: 'detached' });
  assert.match(await feedback.textContent(), /Bedankt voor uw reactie/);
  await axe(page, 'after feedback');
  const stats = await (await fetch(`${loket.base}/admin/v1/stats`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(stats.feedback.map((f) => [f.intent, f.unhelpful, f.comments[0]]),
    [['paspoort-aanvragen', 1, 'Ik mis wat het kost']], 'the thumb and comment are on the dashboard');
  ok('a thumb down and a comment under an answer reach the dashboard');

  // 4. Escape closes it and focus returns to the launcher; Space opens it again.
  await page.keyboard.press('Escape');
  await page.locator('.loket-panel').waitFor({ state: 'hidden' });
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher')), 'focus back on the launcher');
  await page.keyboard.press('Space');
  await page.locator('.loket-panel').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'question');
  ok('Escape closes the widget and returns focus to the launcher; Space opens it');

  // 5. A live alert: subscribed in the chat, sent by staff, shown without the resident typing.
  await type(page, 'laat me weten als ik recht heb op een toeslag');
  await waitForBots(page, 4, 'asking for allowance alerts');
  await type(page, 'ja');
  await waitForBots(page, 5, 'yes');
  const sentAt = Date.now();
  const created = await fetch(`${loket.base}/admin/v1/notifications`, { method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ topic: 'regelingen', text: { nl: 'Vanaf 1 januari kunt u de energietoeslag aanvragen: www.noorderhaven.nl/energietoeslag' } }) });
  assert.equal(created.status, 202);
  const alert = page.locator('.loket-panel .loket-alert');
  await alert.waitFor({ timeout: 10_000 });
  const took = Date.now() - sentAt;
  assert.match(await alert.locator('.loket-alert-label').textContent(), /^Melding · Regelingen en toeslagen · /);
  assert.ok(await alert.locator('time[datetime]').count() === 1, 'the alert has its time');
  assert.equal(await alert.locator('.loket-text a').getAttribute('href'), 'https://www.noorderhaven.nl/energietoeslag');
  const stop = alert.locator('.loket-stop');
  assert.equal(await stop.textContent(), 'Stop meldingen over Regelingen en toeslagen');
  await axe(page, 'with an alert');
  await screenshots(page, 'alert');
  ok(`live alert shown ${took} ms after staff sent it, labelled with topic and time, with a stop button`);
  const botsBefore = await page.locator(bots).count();
  await stop.click();
  await waitForBots(page, botsBefore + 1, 'stopping the topic');
  assert.match(await page.locator(bots).last().locator('.loket-text').textContent(),
    /U krijgt geen meldingen meer over Regelingen en toeslagen/);
  assert.equal(await page.locator('.loket-panel .loket-stop').count(), 0);
  ok('the stop button ends that topic\'s alerts');

  // 6. Loket goes away: the question waits, the resident is told, and it goes once on return.
  await stopLoket(loket.server);
  await page.waitForFunction(() => true);
  const question = 'Wat kost een paspoort?';
  const before = await page.locator(bots).count();
  await page.waitForTimeout(300);
  await type(page, question);
  await page.locator('.loket-panel .loket-error').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('.loket-panel .loket-error').textContent(), /Geen verbinding/);
  await axe(page, 'with an error');
  await screenshots(page, 'error');
  ok('with loket down, the resident is told the question waits (no axe violation)');
  loket = await startLoket(binary, config, env, port);
  await waitForBots(page, before + 1, 'loket came back');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator(bots).count(), before + 1, 'answered once');
  const sentAgain = sockets.flatMap((s) => s.sent).filter((f) => f.text === question);
  assert.equal(sentAgain.length, 1, 'the waiting question was sent once');
  const resume = sockets.at(-1).sent[0];
  assert.equal(resume.resume, true, 'the new socket first says what the chat has seen');
  assert.ok(resume.after > 0, 'including the alert');
  assert.equal(sockets.at(-1).received.filter((f) => f.notification).length, 0, 'the alert is not shown twice');
  assert.equal(sockets.at(-1).received.filter((f) => f.resumed === true).length, 1, 'loket took the resume');
  ok('the question typed while loket was down was sent once when it came back, and answered once');

  // 7. Reflow: 320 CSS px wide, and 1280x800 at 200 % zoom (640x400).
  for (const [width, height] of [[320, 640], [640, 400]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    const fit = await page.evaluate(() => {
      const box = document.querySelector('.loket-panel').getBoundingClientRect();
      const input = document.querySelector('.loket-panel input[name=question]').getBoundingClientRect();
      const send = document.querySelector('.loket-panel .loket-form button').getBoundingClientRect();
      const close = document.querySelector('.loket-panel .loket-close').getBoundingClientRect();
      return { left: box.left, right: box.right, top: box.top, bottom: box.bottom,
        scroll: document.documentElement.scrollWidth, w: innerWidth, h: innerHeight,
        inputOk: input.width > 100 && input.bottom <= innerHeight, sendOk: send.right <= innerWidth,
        closeOk: close.top >= 0 && close.right <= innerWidth };
    });
    assert.ok(fit.left >= 0 && fit.right <= fit.w && fit.top >= 0 && fit.bottom <= fit.h,
      `the panel fits ${width}x${height}: ${JSON.stringify(fit)}`);
    assert.ok(fit.scroll <= fit.w, `no horizontal scrolling at ${width}px`);
    assert.ok(fit.inputOk && fit.sendOk && fit.closeOk, `input, send and close usable at ${width}x${height}`);
    await page.screenshot({ path: join(shots, `widget-reflow-${width}x${height}.png`) });
  }
  ok('reflow: the open widget fits 320 CSS px and 200 % zoom without horizontal scrolling');
  assert.deepEqual(errors, [], 'no script errors');

  // 8. An English page, a resident who asked for less motion.
  const calm = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', reducedMotion: 'reduce' });
  const en = await calm.newPage();
  const enFrames = [];
  en.on('websocket', (ws) => ws.on('framereceived', (f) => { try { enFrames.push(JSON.parse(f.payload)); } catch { /* */ } }));
  await en.goto(`${siteBase}/en`);
  // A session kept from another deployment (or from before loket's key changed).
  const foreign = '0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef';
  await en.evaluate((id) => localStorage.setItem('loket.session', id), foreign);
  await en.locator('.loket-launcher').click();
  await en.waitForFunction(() => localStorage.getItem('loket.session') === null, null, { timeout: 10_000 });
  assert.ok(enFrames.some((f) => f.resumed === false), 'loket said it did not issue the kept session');
  assert.equal(await en.locator('.loket-launcher').textContent(), 'Ask the municipality');
  assert.equal(await en.getAttribute('.loket-panel input[name=question]', 'placeholder'), 'Type your question…');
  for (let i = 0; i < 4; i++) {
    const n = await en.locator(bots).count();
    await en.locator('.loket-panel input[name=question]').fill('How do I renew my passport?');
    await en.keyboard.press('Enter');
    await waitForBots(en, n + 1, 'an English question');
  }
  const atBottom = await en.evaluate(() => { const l = document.querySelector('.loket-panel .loket-log');
    return Math.abs(l.scrollHeight - l.clientHeight - l.scrollTop) < 2; });
  assert.ok(atBottom, 'with reduced motion the newest answer is in view at once (no smooth scrolling)');
  assert.equal(await en.evaluate(() => getComputedStyle(document.querySelector('.loket-log')).scrollBehavior), 'auto');
  assert.ok(await en.locator(bots).last().locator('.loket-feedback').count() === 1,
    'an ordinary answer asks whether it helped');
  const n = await en.locator(bots).count();
  await en.locator('.loket-panel input[name=question]').fill('I want to kill myself');
  await en.keyboard.press('Enter');
  await waitForBots(en, n + 1, 'a resident in crisis');
  const crisis = en.locator(bots).last();
  assert.match(await crisis.textContent(), /113/);
  assert.equal(await crisis.locator('.loket-feedback').count(), 0, 'a crisis line is not to be rated');
  const kept = await en.evaluate(() => localStorage.getItem('loket.session'));
  assert.ok(kept && kept !== foreign, `the chat keeps the session loket issued (${kept})`);
  await calm.close();
  ok('an English page gets English words; reduced motion scrolls without animation; a session loket did not issue is dropped; a crisis line asks no rating');
  exitCode = 0;
} catch (e) {
  console.log(`not ok ${passed + 1} - ${e.message}`);
  if (!(e instanceof assert.AssertionError)) console.log(e.stack);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (site) site.close();
  if (loket) await stopLoket(loket.server);
  dropDatabase(dbName);
  if (dir) rmSync(dir, { recursive: true, force: true });
  clearTimeout(timer);
  console.log(`e2e widget: ${passed} passed, ${exitCode ? 1 : 0} failed`);
  process.exit(exitCode);
}
