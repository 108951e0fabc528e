// The neighbourhood page in headless Chromium: staff send a road-works alert to a postcode, and
// the page for it shows the waste days and the alert, fits 320 CSS px, is usable by keyboard,
// and axe-core finds no violation (in Dutch and in English).
// Usage: node neighbourhood.test.mjs LOKET_BINARY CONFIG   (needs PostgreSQL: LOKET_TEST_DATABASE_URL)
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDatabase, dropDatabase, startLoket, stopLoket } from './loket_server.mjs';

const [binary, config] = process.argv.slice(2);
if (!binary || !config) {
  console.error('usage: node neighbourhood.test.mjs LOKET_BINARY CONFIG');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const dbName = `loket_e2e_area_${process.pid}`;
const token = 'e2e-area-token';
const timer = setTimeout(() => { console.error('not ok - timed out'); process.exit(1); }, 60000);

let server, browser, exitCode = 1;
try {
  const dbUrl = createDatabase(dbName);
  let base;
  ({ server, base } = await startLoket(binary, config, { LOKET_DATABASE_URL: dbUrl, LOKET_ADMIN_TOKEN: token }));
  const sent = await fetch(`${base}/admin/v1/notifications`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ topic: 'werkzaamheden', area: { postcodes: ['9701 AB'] },
      text: { nl: 'De Kerkstraat is dicht tot vrijdag.', en: 'Kerkstraat is closed until Friday.',
              de: 'Die Kerkstraat ist bis Freitag gesperrt.' } }),
  });
  assert.equal(sent.status, 202);
  console.log(`ok 1 - loket on ${base}; a road-works alert for 9701 AB`);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
  const axe = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const [lang, heading, alert] of [['nl', 'Uw buurt: 9701AB', 'De Kerkstraat is dicht'],
                                        ['en', 'Your neighbourhood: 9701AB', 'Kerkstraat is closed'],
                                        ['de', 'Ihre Nachbarschaft: 9701AB', 'Die Kerkstraat ist bis Freitag']]) {
    const r = await page.goto(`${base}/buurt/9701AB?lang=${lang}`);
    assert.equal(r.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal((await page.textContent('h1')).trim(), heading);
    assert.ok((await page.textContent('main')).includes(alert), 'the alert is on the page');
    assert.ok((await page.textContent('main')).includes('Binnenstad'), 'the waste days are on the page');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => (await window.axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(violations, [], `axe-core finds no violation (${lang})`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 320, `the page fits 320 CSS px (scroll width ${scroll})`);
    console.log(`ok - ${lang}: the waste days and the alert, no axe violation, fits 320 px`);
    // As residents see it: a phone and a laptop.
    mkdirSync(join(here, 'screenshots'), { recursive: true });
    for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 800]]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(here, 'screenshots', `neighbourhood-${lang}-${name}.png`) });
    }
    await page.setViewportSize({ width: 320, height: 900 });
  }
  // By keyboard: the first Tab reaches a link, and its focus is visible.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    tag: document.activeElement.tagName,
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert.equal(focused.tag, 'A');
  assert.notEqual(focused.outline, 'none', 'the focused link shows it');
  console.log('ok - the links are reached by keyboard, with a visible focus');

  const elsewhere = await page.goto(`${base}/buurt/1234AB`);
  assert.equal(elsewhere.status(), 404);
  assert.ok((await page.textContent('h1')).includes('ligt niet in Gemeente Noorderhaven'));
  console.log('ok - a postcode elsewhere gets a page naming the municipality');
  exitCode = 0;
} catch (e) {
  console.error(`not ok - ${e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopLoket(server);
  dropDatabase(dbName);
  clearTimeout(timer);
  process.exit(exitCode);
}
