// Browser end-to-end test of loket's chat page: starts the real server on a free port, opens
// GET / in Debian's headless Chromium (driven by playwright-core, no downloaded browser), asks
// questions through the widget as a resident would and checks the answers it shows.
//
// Usage: node tests/e2e/chat_page.test.mjs PATH/TO/loket PATH/TO/loket.yaml
// Exits 0 when every step passed, 1 otherwise. Leaves a screenshot in tests/e2e/screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Hard limit for the whole script. The steps must be done by RUN_DEADLINE_MS, which leaves the
// rest for a graceful cleanup; at OVERALL_TIMEOUT_MS the script kills what is left and fails.
const OVERALL_TIMEOUT_MS = 60_000;
const RUN_DEADLINE_MS = 45_000;
const STARTUP_TIMEOUT_MS = 10_000;
const ANSWER_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000; // loket drains for at most drain_timeout_s (10 s) on SIGTERM
const CHROMIUM = process.env.LOKET_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const here = dirname(fileURLToPath(import.meta.url));
const screenshotPath = join(here, 'screenshots', 'chat.png');
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');

class Failure extends Error {} // a failure explained by its message alone: no stack trace

let passed = 0;
function ok(message) {
  passed += 1;
  console.log(`ok ${passed} - ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Content: the fallback message the server answers with when no intent matches.

// Reads messages.fallback.<lang> from the theme file with the fixed messages: the
// municipality's own, else its region's. A deliberately small reader for that one key (the tests
// carry no YAML library): it fails loudly when the layout changes instead of guessing.
function readFallback(configPath, lang) {
  for (const file of [join(dirname(configPath), 'content', 'algemeen.yaml'),
    join(dirname(configPath), '..', 'regio-noord', 'content', 'algemeen.yaml')]) {
    const found = readFallbackFrom(file, lang);
    if (found !== undefined) return found;
  }
  throw new Error(`${configPath}: no messages.fallback.${lang} in its content or its region's`);
}

function readFallbackFrom(file, lang) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const indent = (l) => l.length - l.trimStart().length;
  const start = lines.findIndex((l) => /^messages:\s*(#.*)?$/.test(l));
  if (start < 0) return undefined;
  let inFallback = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (indent(line) === 0) break; // end of the messages block
    if (indent(line) === 2) { inFallback = /^\s+fallback:\s*(#.*)?$/.test(line); continue; }
    const m = inFallback && line.match(/^\s+([a-z]{2}):\s*(.+?)\s*$/);
    if (m && m[1] === lang) {
      const v = m[2];
      if (v.startsWith('"')) return JSON.parse(v);
      if (v.startsWith("'")) return v.slice(1, -1).replaceAll("''", "'");
      return v;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The server.

function startLoket(binary, config) {
  const child = spawn(binary, ['serve', '--config', config, '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = []; // every stderr line, shown when the test fails
  // 'exit' never comes when the spawn itself fails ('error' comes instead, e.g. ENOENT).
  const exited = new Promise((res) => {
    child.once('exit', (code, signal) => res({ code, signal }));
    child.once('error', (e) => { if (child.pid === undefined) res({ code: null, signal: null, error: e }); });
  });
  const port = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Failure(
      `loket did not log event=listening within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    exited.then(({ code, signal, error }) => {
      clearTimeout(timer);
      rej(error ? new Failure(`cannot start ${binary}: ${error.message}`)
        : new Failure(`loket exited during startup (code ${code}, signal ${signal})`));
    });
    // Keep reading stderr for the whole run: a full pipe would block the server's logging.
    createInterface({ input: child.stderr }).on('line', (line) => {
      log.push(line);
      if (/(^|\s)event=listening(\s|$)/.test(line)) {
        const m = line.match(/(?:^|\s)port=(\d+)(?:\s|$)/);
        clearTimeout(timer);
        if (m) res(Number(m[1]));
        else rej(new Failure(`no port in the listening line: ${line}`));
      }
    });
  });
  port.catch(() => {}); // awaited by the caller; avoid an unhandled rejection before that
  return { child, log, port, exited };
}

// SIGTERM, then wait for the exit; SIGKILL if it does not come. Resolves to the exit status.
async function stopLoket(loket) {
  const { child, exited } = loket;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  let timer;
  const result = await Promise.race([
    exited,
    new Promise((res) => { timer = setTimeout(() => res(null), STOP_TIMEOUT_MS); }),
  ]);
  clearTimeout(timer);
  if (result) return result;
  child.kill('SIGKILL');
  await exited;
  return { code: null, signal: 'SIGKILL', hung: true };
}

// ---------------------------------------------------------------------------------------------
// The page.

// Text of a bubble without its speaker (for screen readers) and its link list (link titles like
// "Alles over het paspoort" must not satisfy a check on the answer itself).
async function bubbleText(bubble) {
  return (await bubble.locator('.loket-text').textContent()).trim();
}

const bots = '#loket-chat .loket-msg.loket-bot';
const residents = '#loket-chat .loket-msg.loket-resident';
const suggestionButtons = '#loket-chat .loket-suggestions button';

// Polls cond() for up to ms: Playwright reports WebSocket frames on another channel than DOM
// changes, so a frame may be reported shortly after the bubble it produced is seen.
async function eventually(cond, message, ms = 2_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Failure(message);
    await new Promise((res) => setTimeout(res, 20));
  }
}

// Waits until the widget shows more bot bubbles than `before`; returns the first new one's text.
async function waitForNewBotBubble(page, before, what) {
  try {
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n,
      [bots, before], { timeout: ANSWER_TIMEOUT_MS });
  } catch (e) {
    throw new Failure(`no new bot bubble within ${ANSWER_TIMEOUT_MS} ms after ${what}`);
  }
  const errors = await page.locator('#loket-chat .loket-msg.loket-error').allTextContents();
  assert.deepEqual(errors, [], `the widget shows an error bubble after ${what}`);
  return bubbleText(page.locator(bots).nth(before));
}

// Types a question into the widget and submits it with Enter; returns the answer's text and the
// reply the server sent over the WebSocket for it.
async function ask(page, ws, question) {
  const botsBefore = await page.locator(bots).count();
  const residentsBefore = await page.locator(residents).count();
  const repliesBefore = ws.replies.length;
  const input = page.locator('#loket-chat form.loket-form input[name=question]');
  await input.fill(question);
  await input.press('Enter');
  const answer = await waitForNewBotBubble(page, botsBefore, `asking "${question}"`);
  assert.equal(await page.locator(residents).count(), residentsBefore + 1,
    'one resident bubble per question');
  assert.equal(await bubbleText(page.locator(residents).last()), question,
    'the resident bubble shows the question');
  assert.equal(await input.inputValue(), '', 'the input is cleared after sending');
  await eventually(() => ws.sent.some((f) => f.text === question),
    `"${question}" was not sent over the WebSocket`);
  await eventually(() => ws.replies.length >= repliesBefore + 1, `no WebSocket reply to "${question}"`);
  assert.equal(ws.replies.length, repliesBefore + 1, 'one WebSocket reply per question');
  return { answer, reply: ws.replies.at(-1), replyCount: ws.replies.length };
}

// ---------------------------------------------------------------------------------------------

async function run(binary, config, state) {
  const fallbackNl = readFallback(config, 'nl');

  state.loket = startLoket(binary, config);
  const port = await state.loket.port;
  ok(`loket listening on 127.0.0.1:${port}`);

  state.browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 20_000,
    // Signals are this script's to handle (cleanup, then exit 1); Playwright would exit 130 first.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  const context = await state.browser.newContext({
    viewport: { width: 1000, height: 900 }, locale: 'nl-NL', serviceWorkers: 'block',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(ANSWER_TIMEOUT_MS);
  state.page = page;

  // Anything broken on the page fails the test: script errors, console errors, failed loads.
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The browser asks for /favicon.ico on its own; the page has none, and that is fine.
  const isFavicon = (url) => { try { return new URL(url).pathname === '/favicon.ico'; } catch { return false; } };
  page.on('console', (m) => {
    if (m.type() === 'error' && !isFavicon(m.location().url)) problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url())) {
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  const restCalls = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/chat') restCalls.push(r.postData());
  });
  // The widget's socket, as the browser sees it: what it sent and the replies it received.
  const ws = { sockets: [], sent: [], replies: [], closed: 0 };
  page.on('websocket', (s) => {
    ws.sockets.push(s.url());
    s.on('framesent', (f) => { try { ws.sent.push(JSON.parse(f.payload)); } catch { /* */ } });
    s.on('framereceived', (f) => { try { ws.replies.push(JSON.parse(f.payload)); } catch { /* */ } });
    s.on('close', () => { ws.closed += 1; });
  });
  // Lets the test wait until the widget's socket is open, so answers come over the WebSocket and
  // not over the widget's HTTP fallback.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__loketSockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); window.__loketSockets.push(this); }
    };
  });

  const base = `http://127.0.0.1:${port}`;
  const response = await page.goto(`${base}/`, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, 'GET / status');
  assert.match(await page.title(), /Gemeente Noorderhaven/, 'page title');
  ok('GET / serves the chat page');

  // The widget is mounted inline, styled, with its form and a welcome message.
  const widget = page.locator('#loket-chat > .loket-chat');
  await widget.waitFor({ state: 'visible' });
  assert.equal(await page.locator('.loket-launcher').count(), 0, 'inline mode has no launcher');
  await page.locator('#loket-chat form.loket-form input[name=question]').waitFor({ state: 'visible' });
  await page.locator('#loket-chat form.loket-form button[type=submit]').waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const w = document.querySelector('#loket-chat > .loket-chat');
    return w && getComputedStyle(w).display === 'flex'; // widget.css applied
  }, null, { timeout: 5_000 }).catch(() => { throw new Failure('widget.css is not applied'); });
  assert.equal(await page.locator(bots).count(), 1, 'exactly one bot bubble (the welcome)');
  assert.match(await bubbleText(page.locator(bots).first()), /^Welkom/, 'Dutch welcome message');
  assert.equal(await page.locator(residents).count(), 0, 'no resident bubbles yet');
  ok('widget mounted in #loket-chat with input, send button and welcome message');

  await page.waitForFunction(() => window.__loketSockets.some((s) => s.readyState === 1),
    null, { timeout: 5_000 }).catch(() => { throw new Failure('the widget\'s WebSocket did not open'); });
  assert.deepEqual(ws.sockets, [`ws://127.0.0.1:${port}/api/v1/chat/ws`], 'one socket to /api/v1/chat/ws');
  ok('WebSocket /api/v1/chat/ws open');

  // 1. A Dutch question about the passport.
  const nl = await ask(page, ws, 'Hoe vraag ik een paspoort aan?');
  assert.match(nl.answer, /paspoort/i, `Dutch answer about the passport, got: ${nl.answer}`);
  assert.equal(nl.reply.lang, 'nl', 'reply language');
  const links = await page.locator(bots).last().locator('.loket-links a').evaluateAll(
    (as) => as.map((a) => ({ href: a.href, target: a.target, rel: a.rel })));
  assert.equal(links.length, nl.reply.messages.at(-1).links?.length ?? 0, 'one link per reply link');
  for (const l of links) {
    assert.match(l.href, /^https?:\/\//, 'link href');
    assert.equal(l.target, '_blank', 'link opens in a new tab');
  }
  ok(`Dutch passport question answered: "${nl.answer.slice(0, 60)}…" (${links.length} links)`);

  // 2. A suggestion under that answer, when the server sent any.
  const suggested = nl.reply.suggestions ?? [];
  if (suggested.length) {
    const buttons = page.locator(suggestionButtons);
    assert.deepEqual(await buttons.allTextContents(), suggested.map((s) => s.title),
      'the widget shows the suggestions the server sent');
    const title = suggested[0].title;
    const botsBefore = await page.locator(bots).count();
    await buttons.first().click();
    const answer = await waitForNewBotBubble(page, botsBefore, `clicking suggestion "${title}"`);
    assert.equal(await bubbleText(page.locator(residents).last()), title,
      'the clicked suggestion shows as a resident bubble');
    await eventually(() => ws.sent.some((f) => f.intent === suggested[0].intent),
      `suggestion intent ${suggested[0].intent} was not sent over the WebSocket`);
    await eventually(() => ws.replies.length === nl.replyCount + 1,
      `no WebSocket reply to suggestion ${suggested[0].intent}`);
    assert.equal(ws.replies.at(-1).intent, suggested[0].intent, 'the reply is for that intent');
    assert.ok(answer.length > 0, 'the suggestion answer is not empty');
    ok(`suggestion "${title}" answered: "${answer.slice(0, 60)}…"`);
  } else {
    console.log('# no suggestions after the passport answer: suggestion click skipped');
  }

  // 3. The same in English.
  const en = await ask(page, ws, 'How do I renew my passport?');
  assert.match(en.answer, /passport/i, `English answer about the passport, got: ${en.answer}`);
  assert.doesNotMatch(en.answer, /paspoort/i, 'the English answer is not the Dutch one');
  assert.equal(en.reply.lang, 'en', 'reply language');
  ok(`English passport question answered: "${en.answer.slice(0, 60)}…"`);

  // 4. Out of scope: the fallback message.
  const out = await ask(page, ws, 'Wat is de hoofdstad van Frankrijk?');
  assert.equal(out.answer.slice(0, 20), fallbackNl.slice(0, 20),
    `out-of-scope question gets the Dutch fallback, got: ${out.answer}`);
  assert.ok(!out.reply.intent, `no topic answered, got: ${out.reply.intent}`);
  ok(`out-of-scope question gets the fallback: "${out.answer.slice(0, 40)}…"`);

  assert.deepEqual(restCalls, [], 'every question went over the WebSocket, none over HTTP');
  assert.equal(ws.sockets.length, 1, 'the socket was not reconnected');
  assert.equal(ws.closed, 0, 'the socket stayed open');
  assert.deepEqual(problems, [], 'page errors, console errors or failed requests');
  ok('no page errors, failed requests or HTTP fallbacks');

  // 5. The session is the one loket issued, kept for the next visit.
  const kept = await page.evaluate(() => window.localStorage.getItem('loket.session'));
  assert.equal(kept, nl.reply.session, 'the widget keeps the session the reply brought');
  assert.match(kept, /^[0-9a-f]{32}\.[0-9a-f]{32}$/, 'an issued session');
  ok('the widget keeps the session loket issued');

  // 6. Small talk in the municipality's language, and no accessibility violation.
  const hello = await ask(page, ws, 'hoi');
  assert.equal(hello.reply.intent, 'greeting');
  assert.equal(hello.reply.lang, 'nl', '"hoi" is Dutch');
  await page.evaluate(readFileSync(AXE, 'utf8'));  // through DevTools: the page's CSP stays on
  const violations = await page.evaluate(async () => (await window.axe.run()).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s)`));
  assert.deepEqual(violations, [], 'axe-core finds no violation on the chat page');
  ok('axe-core: no violations with a conversation on the page');

  // Keyboard only: Tab goes through every control of the chat, each showing where focus is, and
  // reaches the input.
  await page.evaluate(() => document.activeElement?.blur());
  const visited = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { what: `${e.tagName.toLowerCase()}${e.className ? '.' + e.className.split(' ').join('.') : ''}${e.name ? `[name=${e.name}]` : ''}`,
        inChat: !!e.closest('#loket-chat'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (!f.inChat) continue;
    visited.push(f.what);
    assert.ok(f.outline !== 'none' && f.width >= 2, `${f.what} shows focus (${f.outline} ${f.width}px)`);
    if (f.what.includes('[name=question]')) break;
  }
  assert.ok(visited.some((w) => w.includes('[name=question]')), `Tab reaches the input: ${visited.join(', ')}`);
  assert.ok(visited.some((w) => w.startsWith('select')) && visited.some((w) => w.includes('loket-restart')),
    'the language choice and start over are reachable');
  ok(`keyboard: ${visited.length} controls reached by Tab, each with a visible focus indicator`);

  // 7. Web and e-mail addresses in an answer are links, built from text (never HTML).
  const contact = await ask(page, ws, 'hoe kan ik de gemeente bereiken');
  assert.equal(contact.reply.intent, 'contact-gegevens');
  const inText = await page.locator(bots).last().locator('.loket-text a').evaluateAll(
    (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(inText, [['www.noorderhaven.nl/contact', 'https://www.noorderhaven.nl/contact'],
    ['info@noorderhaven.nl', 'mailto:info@noorderhaven.nl']], 'addresses in the text are links');
  ok('web and e-mail addresses in the answer are links');

  // 8. Every message says who speaks and in which language, for screen readers.
  const speakers = await page.locator('#loket-chat .loket-msg').evaluateAll((ms) => ms.map((m) => ({
    lang: m.lang, speaker: m.querySelector('.loket-sr')?.textContent })));
  for (const m of speakers) {
    assert.match(m.lang, /^(nl|en)$/, 'every message has its language');
    assert.match(m.speaker, /^(U|Gemeente Noorderhaven): $/, 'every message names its speaker');
  }
  assert.ok(speakers.some((m) => m.lang === 'en'), 'the English answer is marked English');
  await page.waitForFunction(() => /^Gemeente Noorderhaven: .*www\.noorderhaven\.nl\/contact/
    .test(document.querySelector('#loket-chat [aria-live]').textContent), null, { timeout: 2_000 })
    .catch(() => { throw new Failure('the newest answer is not announced'); });
  assert.equal(await page.locator('#loket-chat [aria-live]').count(), 1,
    'one live region, holding the newest answer only (the log itself is not live)');
  ok('messages carry lang and a speaker; the newest answer is announced');

  // 9. The resident chooses English: the widget's words, the page's language and the questions.
  await page.selectOption('#loket-chat select.loket-lang', 'en');
  assert.equal(await page.getAttribute('#loket-chat input[name=question]', 'placeholder'), 'Type your question…');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the chat page follows');
  const english = await ask(page, ws, 'paspoort');
  assert.equal(ws.sent.at(-1).lang, 'en', 'the chosen language goes with the question');
  assert.equal(english.reply.lang, 'en');
  ok('the language choice changes the words, the page language and the answers');

  // 10. A plain-text transcript for the resident.
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('#loket-chat .loket-download')]);
  const transcript = readFileSync(await download.path(), 'utf8');
  assert.match(transcript, /Hoe vraag ik een paspoort aan\?/);
  assert.match(transcript, /Gemeente Noorderhaven: /);
  ok(`transcript downloaded as ${download.suggestedFilename()}`);

  // 11. Start over: an empty conversation with the welcome, the session (and its alerts) kept.
  const sessionBefore = ws.replies.at(-1).session;
  await page.click('#loket-chat .loket-restart');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, bots);
  assert.equal(await page.locator(residents).count(), 0, 'the conversation is cleared');
  await eventually(() => ws.sent.at(-1).restart === true, 'start over was not sent');
  await eventually(() => ws.replies.at(-1).session === sessionBefore && ws.replies.at(-1).intent === null,
    'start over gets the welcome in the same session');
  assert.match(await bubbleText(page.locator(bots).first()), /^Welcome/, 'the welcome, in English');
  ok('start over clears the conversation and keeps the session');

  // 12. Faster than a person types: what the limit refuses (429) waits its turn and goes again;
  // every question is answered, and the resident is told once to wait, never "went wrong".
  const answeredBefore = ws.replies.filter((r) => !r.error).length;
  const busyBefore = await page.locator('#loket-chat .loket-busy[role=status]').count();
  // All twelve sent before the first reply comes back: several are refused at once.
  await page.evaluate(() => {
    const form = document.querySelector('#loket-chat form.loket-form');
    for (let i = 1; i <= 12; i++) {
      form.querySelector('input[name=question]').value = `opening hours ${i}`;
      form.requestSubmit();
    }
  });
  await eventually(() => ws.replies.filter((r) => !r.error).length >= answeredBefore + 12,
    'every question of a burst is answered in the end', 40_000);
  assert.ok(ws.replies.some((r) => r.retry_after_s > 0), 'the burst went over the limit');
  // Each question's last send (the one answered) in the order typed.
  const lastSend = (i) => ws.sent.map((f) => f.text).lastIndexOf(`opening hours ${i}`);
  for (let i = 2; i <= 12; i++)
    assert.ok(lastSend(i - 1) < lastSend(i), `question ${i - 1} went before question ${i}`);
  assert.equal(await page.locator('#loket-chat .loket-msg.loket-error').count(), 0,
    'no error bubble for a message that only had to wait');
  assert.equal(await page.locator('#loket-chat .loket-busy[role=status]').count(), busyBefore + 1,
    'told once to wait');
  ok('a burst over the limit is answered in full, after a wait');

  // Reflow: at 320 CSS px (a 1280 px screen at 400 % zoom) and at 640x400 (200 %), nothing
  // needs scrolling sideways and the input stays in view.
  for (const [width, height] of [[320, 640], [640, 400]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
      input: document.querySelector('#loket-chat input[name=question]').getBoundingClientRect().width }));
    assert.ok(fit.scroll <= width, `the chat page fits ${width} CSS px (scroll width ${fit.scroll})`);
    assert.ok(fit.input >= 100, `the input is usable at ${width}x${height}`);
  }
  ok('reflow: the chat page fits 320 CSS px and 200 % zoom');

  // Screenshots as residents see the page: a phone and a laptop, focus on the input.
  mkdirSync(dirname(screenshotPath), { recursive: true });
  for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.keyboard.press('Tab');
    await page.focus('input, textarea');
    const path = screenshotPath.replace('.png', `-${name}.png`);
    await page.screenshot({ path });
    ok(`screenshot ${width}x${height} saved to ${path}`);
  }
  await page.screenshot({ path: screenshotPath, fullPage: true });
  ok(`screenshot saved to ${screenshotPath}`);
}

// ---------------------------------------------------------------------------------------------

async function withTimeout(promise, ms) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((res) => { timer = setTimeout(res, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  process.exitCode = 1; // whatever way this ends, it is no pass unless finish() says so
  const [binary, config] = process.argv.slice(2).map((p) => p && resolve(p));
  if (!binary || !config) {
    console.error('usage: node chat_page.test.mjs PATH/TO/loket PATH/TO/loket.yaml');
    process.exit(2);
  }

  const state = { loket: null, browser: null, page: null };
  let failure = null;
  // Never leave the server behind, however the script ends (Playwright does the same for the
  // browser it launched).
  process.on('exit', () => {
    const child = state.loket?.child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  });

  // Cleanup runs once, from whichever comes first: the end of the run, the run deadline or a
  // signal. It never throws; problems while stopping become failures.
  let cleanupPromise = null;
  const cleanup = () => (cleanupPromise ??= (async () => {
    if (failure && state.page) {
      // A picture of the failure helps more than the stack trace.
      mkdirSync(dirname(screenshotPath), { recursive: true });
      await withTimeout(state.page.screenshot({ path: screenshotPath, fullPage: true })
        .then(() => console.log(`# failure screenshot: ${screenshotPath}`), () => {}), 5_000);
    }
    if (state.browser) {
      await withTimeout(state.browser.close().catch(() => {}), 5_000);
      console.log('# browser closed');
    }
    if (state.loket) {
      const status = await stopLoket(state.loket);
      console.log(`# loket stopped (code ${status.code}, signal ${status.signal})`);
      if (!failure && !status.error) {
        if (status.hung) failure = new Failure(`loket did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
        else if (status.code !== 0) failure = new Failure(`loket exited with code ${status.code}, signal ${status.signal} on SIGTERM`);
        else ok('loket exited 0 on SIGTERM');
      }
    }
  })());

  const report = () => {
    if (failure) {
      console.log(`not ok ${passed + 1} - ${failure.message}`);
      if (failure.stack && !(failure instanceof Failure || failure instanceof assert.AssertionError)) {
        console.log(failure.stack);
      }
      if (state.loket?.log.length) {
        console.log('# last loket log lines:');
        for (const line of state.loket.log.slice(-20)) console.log(`#   ${line}`);
      }
    }
    console.log(`e2e: ${passed} passed, ${failure ? 1 : 0} failed`);
  };
  const finish = async () => {
    await cleanup();
    report();
    process.exit(failure ? 1 : 0);
  };

  setTimeout(() => {
    failure ??= new Failure(`the steps did not finish within ${RUN_DEADLINE_MS / 1000} s`);
    finish();
  }, RUN_DEADLINE_MS);
  setTimeout(() => {
    failure ??= new Failure(`overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s reached`);
    console.log(`# overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s: killing what is left`);
    report();
    process.exit(1); // the 'exit' handler kills loket, Playwright kills Chromium
  }, OVERALL_TIMEOUT_MS);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => { failure ??= new Failure(`interrupted by ${sig}`); finish(); });
  }

  try {
    await run(binary, config, state);
  } catch (e) {
    failure ??= e;
  }
  await finish();
}

main();
