// A real server (port 0, example workflows loaded) and a real headless Chromium (Debian's
// `chromium`, driven by playwright-core) for the console's browser tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Settings } from '../../src/config/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import { WEB_DIST } from '../../src/server/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleHarness {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh page at the given viewport size, pointed at the console. */
  open(path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** A raw AWS JSON 1.0 call to the server. */
  call<T = Record<string, unknown>>(action: string, body: object): Promise<T>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtBefore(time: number): boolean {
  const index = join(WEB_DIST, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < time;
}

/** `overrides`: settings of the server, e.g. credentials for a server that requires signing. */
export async function startConsole(overrides: Partial<Settings> = {}): Promise<ConsoleHarness> {
  // `npm install` builds the console (prepare); build it again when web/ changed since.
  if (builtBefore(newestSource(join(ROOT, 'web')))) {
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A data directory of its own, so a durable store starts empty and leaves nothing behind.
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-console-'));
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    region: 'us-east-1',
    account: '123456789012',
    dataDir,
    store: 'sqlite',
    functionModules: [],
    examples: true,
    ...overrides,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const blocked: string[] = [];
  return {
    server,
    browser,
    async open(path = '/', viewport = { width: 1280, height: 800 }) {
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(15_000);
      // The console's Content-Security-Policy must never block the console itself.
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(`${server.url}${path}`);
      return page;
    },
    async call<T>(action: string, body: object): Promise<T> {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'X-Amz-Target': `AWSStepFunctions.${action}`,
          'Content-Type': 'application/x-amz-json-1.0',
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as T;
      if (!response.ok) throw new Error(`${action}: ${JSON.stringify(json)}`);
      return json;
    },
    async screenshot(page, name) {
      // From the top, so the sticky header is drawn where it belongs in a full-page capture.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (blocked.length > 0) throw new Error(`the console's CSP blocked:\n${blocked.join('\n')}`);
    },
  };
}
