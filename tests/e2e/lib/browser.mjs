// Debian's Chromium driven by playwright-core (no browser download): one browser per test file,
// a fresh user-data directory each time, and the flags that keep it quiet and offline but for our
// server (docs: ../shared/docs/recipes.md, "Chromium with Playwright").
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MOTCUA_CHROMIUM || '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },  // a cheap Android phone
};

// Where screenshots go: MOTCUA_E2E_ARTIFACTS (ctest sets build/e2e-artifacts).
export const ARTIFACTS = process.env.MOTCUA_E2E_ARTIFACTS ||
  resolve(new URL('.', import.meta.url).pathname, '../../../build/e2e-artifacts');

// Launches Chromium with a persistent context in a fresh user-data directory (extra `args`, e.g.
// --host-resolver-rules for the identity provider's name). Returns
// {context, close}; close() also removes the directory.
export async function launch({ viewport = VIEWPORTS.desktop, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pw-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...args], viewport,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core in the page and returns its violations of impact serious or critical, each as
// "rule-id (impact): help — selectors". The script is evaluated through the DevTools protocol, so
// the page's Content-Security-Policy (no inline scripts) needs no exception.
export async function seriousAxeViolations(page) {
  const violations = await page.evaluate(async (src) => {
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  }, axeSource);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

// Returns document.scrollingElement.scrollWidth (wider than the viewport means sideways scrolling).
export function scrollWidth(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth);
}

// Saves a full-page screenshot as ARTIFACTS/<name>.png and returns its path.
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Counts the bytes that arrive over the network for a page (HTML, CSS, JS, images, fonts):
// the DevTools protocol's encodedDataLength of every finished request, which is what the wire
// carried (headers and compressed body) and 0 for what came from the browser's cache.
export class TransferMeter {
  static async attach(page) {
    const m = new TransferMeter();
    m.cdp = await page.context().newCDPSession(page);
    m.bytes = 0;
    m.requests = [];
    m.urls = new Map();
    m.pending = new Set();
    await m.cdp.send('Network.enable');
    m.cdp.on('Network.requestWillBeSent', (e) => {
      m.urls.set(e.requestId, e.request.url);
      m.pending.add(e.requestId);
    });
    m.cdp.on('Network.loadingFinished', (e) => {
      m.pending.delete(e.requestId);
      m.bytes += e.encodedDataLength;
      m.requests.push({ url: m.urls.get(e.requestId), bytes: e.encodedDataLength });
    });
    m.cdp.on('Network.loadingFailed', (e) => m.pending.delete(e.requestId));
    return m;
  }

  // Empties the browser's HTTP cache (a first visit).
  async clearCache() {
    await this.cdp.send('Network.clearBrowserCache');
  }

  // Runs `fn` (a navigation) and returns the bytes transferred meanwhile, with the requests that
  // went over the network (those answered from the cache are left out).
  async measure(fn) {
    await this.settle();
    this.bytes = 0;
    this.requests = [];
    await fn();
    await this.settle();
    const result = { bytes: this.bytes, requests: this.requests.filter((r) => r.bytes > 0) };
    this.bytes = 0;
    this.requests = [];
    return result;
  }

  async settle() {
    // The protocol's loadingFinished of the last subresources may trail the load event.
    for (let i = 0; i < 250 && this.pending.size > 0; ++i) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

// Returns check(name) for one run of a journey: it asserts the page's language is `lang`, keeps a
// numbered screenshot `<prefix>NN-<name>`, and asserts no serious or critical axe violation and
// no sideways scrolling at the page's viewport. The run's earlier screenshots (same prefix) are
// removed first, so the artefacts folder holds the last run only.
export function pageChecker(page, { lang, size, prefix }) {
  try {
    for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(prefix)) rmSync(join(ARTIFACTS, f));
  } catch { /* no folder yet */ }
  let shot = 0;
  return async (name) => {
    const where = `${name} (${lang}, ${size})`;
    assert.equal(await page.getAttribute('html', 'lang'), lang, where);
    await screenshot(page, `${prefix}${String(++shot).padStart(2, '0')}-${name}`);
    assert.deepEqual(await seriousAxeViolations(page), [], `${where}: axe`);
    const width = await scrollWidth(page);
    assert.ok(width <= page.viewportSize().width, `${where} scrolls sideways: ${width} px`);
  };
}
