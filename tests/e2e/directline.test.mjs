// Microsoft's Bot Framework Web Chat (the real botframework-webchat bundle from npm, as many
// government sites embed it) talking to loket over Direct Line 3.0, in headless Chromium: the
// page gets a token from loket without a secret, Web Chat starts the conversation, shows the
// welcome, sends a question over REST, receives the answer and its suggestions over the stream
// WebSocket, and a suggestion tapped is answered. Screenshots at 390x844 and 1280x800.
// Usage: node directline.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, config] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !config) {
  console.error('usage: node directline.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
const WEBCHAT = readFileSync(join(here, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'));
const dbName = `loket_e2e_directline_${process.pid}`;
const timer = setTimeout(() => { console.log('not ok - timed out after 100 s'); process.exit(1); }, 100_000);

let passed = 0;
const ok = (m) => console.log(`ok ${++passed} - ${m}`);

// A municipality's page embedding Web Chat the way Microsoft documents it: a token from the
// bot's own endpoint, then renderWebChat with createDirectLine pointed at loket.
function startSite(loketBase) {
  const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Chat – Gemeente Noorderhaven</title>
<style>html,body{height:100%;margin:0;font-family:sans-serif} main{height:100%}</style></head>
<body><main id="webchat"></main><script src="/webchat.js"></script>
<script>
(async () => {
  const res = await fetch('${loketBase}/v3/directline/tokens/generate', { method: 'POST' });
  const { token } = await res.json();
  window.WebChat.renderWebChat({
    directLine: window.WebChat.createDirectLine({ token, domain: '${loketBase}/v3/directline' }),
    locale: 'nl-NL',
  }, document.getElementById('webchat'));
})();
</script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    } else if (req.url === '/webchat.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(WEBCHAT);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

let loket, site, browser, exitCode = 1;
const calls = [], streamed = [], consoleLines = [];
try {
  loket = await startLoket(binary, config, { LOKET_DATABASE_URL: createDatabase(dbName) });
  site = await startSite(loket.base);
  ok(`loket on ${loket.base}; Web Chat ${JSON.parse(readFileSync(join(here, 'node_modules', 'botframework-webchat', 'package.json'))).version} on http://127.0.0.1:${site.address().port}`);

  browser = await chromium.launch({ executablePath: process.env.LOKET_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('request', (r) => { if (r.url().startsWith(loket.base)) calls.push(`${r.method()} ${new URL(r.url()).pathname.replace(/conversations\/[^/]+/, 'conversations/{id}')}`); });
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => { try { streamed.push(JSON.parse(f.payload)); } catch { /* keep-alive */ } });
  });
  await page.goto(`http://127.0.0.1:${site.address().port}/`);

  // The welcome comes first, over the stream.
  await page.locator('p', { hasText: 'Welkom bij de digitale balie' }).first().waitFor({ timeout: 15_000 });
  assert.ok(calls.includes('POST /v3/directline/tokens/generate'), 'a token without a secret');
  assert.ok(calls.includes('POST /v3/directline/conversations'), 'Web Chat started the conversation');
  ok('Web Chat got a token, started the conversation and shows the welcome');

  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill('Hoe vraag ik een paspoort aan?');
  await box.press('Enter');
  await page.getByText('Stadswinkel, Stadhuisplein 1', { exact: false }).first().waitFor({ timeout: 10_000 });
  assert.ok(calls.includes('POST /v3/directline/conversations/{id}/activities'), 'the question was posted');
  const answer = streamed.flatMap((s) => s.activities ?? []).find((a) => a.from?.role === 'bot' && /Stadswinkel/.test(a.text));
  assert.ok(answer, 'the answer came over the stream');
  assert.equal(answer.textFormat, 'markdown');
  assert.match(answer.text, /\[Afspraak maken\]\(https:\/\/www\.noorderhaven\.nl\/afspraak\)/, 'links in markdown');
  const link = page.locator('a[href="https://www.noorderhaven.nl/afspraak"]').first();
  await link.waitFor();
  const actions = answer.suggestedActions?.actions ?? [];
  assert.ok(actions.length > 0, 'suggestions as suggestedActions');
  ok(`the passport answer arrived over the stream with a link and ${actions.length} suggested actions`);
  await page.screenshot({ path: join(shots, 'directline-laptop.png') });

  const tapped = actions[0].title;
  await page.getByRole('button', { name: tapped }).first().click();
  await page.waitForFunction((n) => document.body.innerText.split(n).length > 2, tapped, { timeout: 10_000 });
  await page.waitForFunction(() => {
    const bots = document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)');
    return bots.length >= 3;
  }, null, { timeout: 10_000 });
  const replies = streamed.flatMap((s) => s.activities ?? []).filter((a) => a.from?.role === 'bot');
  assert.ok(replies.length >= 3, `a third answer from loket after the suggestion (${replies.length})`);
  assert.doesNotMatch(replies.at(-1).text, /begreep ik niet/, 'the tapped suggestion is understood');
  ok(`the suggestion "${tapped}" was answered: "${replies.at(-1).text.slice(0, 50)}…"`);

  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 'directline-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 'directline-laptop.png') });
  assert.deepEqual(errors, [], 'no script errors');
  ok('screenshots saved to tests/e2e/screenshots/directline-{phone,laptop}.png');
  exitCode = 0;
} catch (e) {
  console.log(`not ok ${passed + 1} - ${e.message}`);
  if (!(e instanceof assert.AssertionError)) console.log(e.stack);
  console.log(`# requests to loket: ${calls.join(', ')}`);
  console.log(`# stream frames: ${streamed.length}`);
  for (const line of consoleLines.slice(-10)) console.log(`# console ${line}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (site) site.close();
  if (loket) await stopLoket(loket.server);
  dropDatabase(dbName);
  clearTimeout(timer);
  console.log(`e2e directline: ${passed} passed, ${exitCode ? 1 : 0} failed`);
  process.exit(exitCode);
}
