// Web Push from end to end, checked independently: a resident turns on "notify me in this
// browser" on loket's chat page in headless Chromium; staff send an alert; loket encrypts it and
// POSTs it to a fake push service on 127.0.0.1, where the npm http_ece package (under web-push)
// decrypts it with the browser's private key and node:crypto verifies the VAPID token. The push
// service itself cannot be reached from here, so the browser's PushManager.subscribe is replaced
// by one returning a subscription whose keys this test holds. A 410 from the push service drops
// the subscription.
// Usage: node webpush.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { createECDH, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const require = createRequire(import.meta.url);
const ece = require('http_ece');

const [binary, config] = process.argv.slice(2);
if (!binary || !config) {
  console.error('usage: node webpush.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const dbName = `loket_e2e_push_${process.pid}`;
const token = 'e2e-webpush-token';
const subject = 'mailto:meldingen@noorderhaven.example';
const timer = setTimeout(() => { console.error('not ok - timed out'); process.exit(1); }, 90000);

let step = 0;
const ok = (m) => console.log(`ok ${++step} - ${m}`);
const b64url = (buf) => Buffer.from(buf).toString('base64url');

// The example municipality, with no quiet hours (this test may run at night) and the content
// paths made absolute so the copy works from a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'loket-push-'));
const exampleDir = dirname(resolve(config));
const yaml = readFileSync(config, 'utf8')
  .replace(/^ {2}- (\.\.\/regio-noord\/content|content)\/$/gm, (line, path) => `  - ${join(exampleDir, path)}/`)
  .replace(/^(  locations: )content\//m, `$1${join(exampleDir, 'content')}/`)
  .replace(/^conversation_tests:\n  - tests\/$/m, `conversation_tests:\n  - ${join(exampleDir, 'tests')}/`)
  .replace(/^ {2}- aanvullingen\.yaml\n/m, '')
  .replace(/^additions: .*\n/m, '')
  .replace(/^    vapid_private_key: \{env: LOKET_VAPID_PRIVATE_KEY\}.*$/m, '    vapid_private_key: {file: vapid.pem}   # next to this file')
  .replace(/^(    subject: \{env: LOKET_VAPID_SUBJECT\}.*)$/m, '$1\n    allow_local_endpoints: true   # the fake push service is on 127.0.0.1')
  + '\nnotifications:\n  poll_interval_ms: 100\n  quiet_hours: {start: "00:00", end: "00:00"}\n';
const configPath = join(dir, 'loket.yaml');
writeFileSync(configPath, yaml);

// The municipality's VAPID key, in a file beside the configuration (read through {file: ...}).
const vapid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const vapidPath = join(dir, 'vapid.pem');
writeFileSync(vapidPath, vapid.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const vapidJwk = vapid.publicKey.export({ format: 'jwk' });
const vapidPublic = b64url(Buffer.concat([Buffer.from([4]), Buffer.from(vapidJwk.x, 'base64url'),
                                          Buffer.from(vapidJwk.y, 'base64url')]));

// The browser's side of the subscription.
const browserKey = createECDH('prime256v1');
browserKey.generateKeys();
const authSecret = randomBytes(16);

// The push service: records each POST and answers with `nextStatus`.
const pushes = [];
let nextStatus = 201;
const pushService = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    pushes.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(nextStatus, nextStatus === 201 ? { Location: `/m/${pushes.length}` } : {});
    res.end();
  });
});
await new Promise((r) => pushService.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${pushService.address().port}/push/abc123`;

async function waitFor(check, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function verifyVapid(header, audience) {
  const m = header.match(/^vapid t=([^,]+), k=(.+)$/);
  assert.ok(m, `Authorization is "vapid t=..., k=...": ${header}`);
  const [jwt, k] = [m[1], m[2]];
  assert.equal(k, vapidPublic, 'k is the municipality\'s VAPID public key');
  const [h, c, s] = jwt.split('.');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)),
                                       y: b64url(point.subarray(33)) }, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' },
                   Buffer.from(s, 'base64url')), 'the ES256 signature verifies');
  const claims = JSON.parse(Buffer.from(c, 'base64url'));
  assert.equal(claims.aud, audience);
  assert.equal(claims.sub, subject);
  const now = Date.now() / 1000;
  assert.ok(claims.exp > now && claims.exp <= now + 24 * 3600, 'exp within 24 hours');
}

let server, browser, exitCode = 1;
try {
  const dbUrl = createDatabase(dbName);
  let base;
  ({ server, base } = await startLoket(binary, configPath, {
    LOKET_DATABASE_URL: dbUrl, LOKET_ADMIN_TOKEN: token,
    LOKET_VAPID_SUBJECT: subject,
  }));
  const key = await (await fetch(`${base}/api/v1/webpush/key`)).json();
  assert.equal(key.publicKey, vapidPublic);
  ok('loket serves the VAPID public key from the PEM file');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'nl-NL' });  // the page follows the browser
  await context.grantPermissions(['notifications'], { origin: base });
  await context.addInitScript(([end, p256dh, auth]) => {
    PushManager.prototype.subscribe = async function (options) {
      window.__subscribeOptions = { userVisibleOnly: options.userVisibleOnly,
                                    key: Array.from(new Uint8Array(options.applicationServerKey)) };
      return { endpoint: end, toJSON: () => ({ endpoint: end, expirationTime: null, keys: { p256dh, auth } }) };
    };
  }, [endpoint, b64url(browserKey.getPublicKey()), b64url(authSecret)]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.click('#loket-push-open');
  await page.check('input[name=topic][value=werkzaamheden]');
  await page.fill('input[name=postcode]', '9701 ab');
  await page.click('#loket-push-form button[type=submit]');
  await page.waitForFunction(() => /Aan:/.test(document.querySelector('#loket-push-status').textContent));
  const options = await page.evaluate(() => window.__subscribeOptions);
  assert.equal(options.userVisibleOnly, true);
  assert.equal(b64url(Buffer.from(options.key)), vapidPublic, 'the browser subscribes with the VAPID key');
  assert.ok(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/'))),
            'the service worker is registered');
  assert.deepEqual(errors, []);
  ok('the chat page subscribed the browser through "Meldingen in deze browser"');

  const notify = async (text) => {
    const r = await fetch(`${base}/admin/v1/notifications`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ topic: 'werkzaamheden', urgent: true, text: { nl: text }, area: { postcodes: ['9701AB'] } }),
    });
    assert.equal(r.status, 202, await r.clone().text());
    return (await r.json()).recipients;
  };
  assert.equal(await notify('De Hoofdstraat is morgen afgesloten.'), 1);
  await waitFor(() => pushes.length === 1, 'the push');
  const push = pushes[0];
  assert.equal(push.url, '/push/abc123');
  assert.equal(push.headers['content-encoding'], 'aes128gcm');
  assert.equal(push.headers.ttl, '86400');
  assert.equal(push.headers.urgency, 'high', 'an urgent alert is pushed with Urgency: high');
  assert.equal(push.headers.topic, 'werkzaamheden');
  verifyVapid(push.headers.authorization, `http://127.0.0.1:${pushService.address().port}`);
  ok('the push carries TTL, Urgency, Topic and a VAPID token that verifies');

  const plaintext = ece.decrypt(push.body, { version: 'aes128gcm', privateKey: browserKey, authSecret: b64url(authSecret) });
  const message = JSON.parse(plaintext.toString('utf8'));
  assert.equal(message.body, 'De Hoofdstraat is morgen afgesloten.');
  assert.equal(message.topic, 'werkzaamheden');
  assert.equal(message.title, 'Gemeente Noorderhaven');
  ok('http_ece decrypts the message with the browser\'s private key');

  nextStatus = 410;
  assert.equal(await notify('Tweede melding.'), 1);
  await waitFor(() => pushes.length === 2, 'the second push');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await notify('Derde melding.'), 0, 'a 410 dropped the subscription');
  ok('410 Gone from the push service drops the subscription');
  exitCode = 0;
} catch (e) {
  console.error(`not ok - ${e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopLoket(server);
  pushService.close();
  dropDatabase(dbName);
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(timer);
  process.exit(exitCode);
}
