/**
 * Quick search in the browser at scale: `npm run bench:browser -- --data <folder> [--login admin]
 * [--password admin123] [--terms 科技,华,010,zx]`.
 *
 * Starts the browser-mode server on the folder's database (e.g. one made by `npm run seed -- …
 * --customers 1000000`), opens it in Chromium at 1366×768, logs in, then for each term types it
 * into 快速搜索, presses Enter and prints how long it took until the grid showed the first rows of
 * the result and its total. Printed, not asserted (the machine's load decides); not part of CI.
 */
import { chromium } from '@playwright/test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, ensureChromium } from './find-chromium.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startWebServer } from './web-server.js';

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      login: { type: 'string', default: 'admin' },
      password: { type: 'string', default: 'admin123' },
      terms: { type: 'string', default: '科技,华,010,zx,zhongxing' },
      runs: { type: 'string', default: '3' },
    },
  });
  if (!values.data) {
    console.error(
      '用法: npm run bench:browser -- --data <folder> [--login admin] [--password admin123] [--terms 科技,华]',
    );
    process.exit(2);
  }
  await ensureRendererBuilt();
  const server = await startWebServer({ port: 0, dataDir: path.resolve(values.data), quiet: true });
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    // Open on 客户管理 rather than 工作台 (系统 › 设置's start screen, kept per PC in localStorage).
    await page.addInitScript(() => localStorage.setItem('kehu.startScreen', 'customers'));
    const t0 = Date.now();
    await page.goto(server.url);
    await page.getByLabel('登录账号').fill(values.login);
    await page.getByLabel('密码', { exact: true }).fill(values.password);
    await page.getByRole('button', { name: '登录' }).click();
    const status = page.getByText(/^(共|超过) [\d,]+ 个客户/).first();
    await status.waitFor({ timeout: 120_000 });
    const firstRow = page.locator('.grid-host .ag-row[row-index="0"]').first();
    await firstRow.waitFor({ timeout: 120_000 });
    console.log(`login to first page: ${Date.now() - t0} ms (scrypt login included) — ${await status.textContent()}`);
    const box = page.getByRole('searchbox', { name: '快速搜索' });
    for (const term of (values.terms ?? '').split(',').filter(Boolean)) {
      const times: number[] = [];
      let shown = '';
      for (let run = 0; run < Number(values.runs); run++) {
        // Clear the search (back to every customer), then type the term and press Enter.
        await box.fill('');
        await page.waitForTimeout(300);
        const before = await status.textContent();
        await box.pressSequentially(term, { delay: 40 });
        const start = Date.now();
        await box.press('Enter');
        await page.waitForFunction(
          (prev) => {
            const el = [...document.querySelectorAll('span, div')].find((e) =>
              /^(共|超过) [\d,]+ 个客户/.test(e.textContent ?? ''),
            );
            const row = document.querySelector('.grid-host .ag-row[row-index="0"]');
            return !!el && el.textContent !== prev && !!row && (row.textContent ?? '').length > 0;
          },
          before,
          { timeout: 60_000 },
        );
        times.push(Date.now() - start);
        shown = `${await status.textContent()}; first row: ${(await firstRow.textContent())?.slice(0, 40)}`;
      }
      times.sort((a, b) => a - b);
      console.log(
        `search '${term}': Enter to rows shown ${times.join(' / ')} ms (median ${times[Math.floor(times.length / 2)]}) — ${shown}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
