/**
 * Finds a Chromium for the e2e tests — never downloads one. Order: $CHROMIUM_PATH (or
 * $PLAYWRIGHT_CHROMIUM_EXECUTABLE / $CHROME_PATH), then the usual system places.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(env = process.env): string | null {
  const fromEnv = env.CHROMIUM_PATH || env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || env.CHROME_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

export const INSTALL_HINT =
  '找不到 Chromium：请安装 Debian 的 chromium 和 fonts-noto-cjk（sudo apt-get install -y chromium fonts-noto-cjk），' +
  '或把 CHROMIUM_PATH 设为 Chromium/Chrome 程序的路径。';

/** Finds Chromium; where there is none and we run as root on Debian, installs Debian's. */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    console.log('未找到 Chromium，正在安装 Debian 的 chromium 和 fonts-noto-cjk …');
    const install = () =>
      execFileSync('apt-get', ['install', '-y', 'chromium', 'fonts-noto-cjk'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    try {
      install();
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      install();
    }
    const now = findChromium();
    if (now) return now;
  }
  throw new Error(INSTALL_HINT);
}

/** Chromium flags for this machine: headless, no sandbox (root in CI), no network chatter. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--lang=zh-CN',
];
