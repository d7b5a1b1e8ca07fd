import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPgDatabase } from '../db/engine/open-pg';
import { freshPgDatabase } from '../db/engine/pg-testing';
import { openDatabase, type DB } from '../db/open';
import { hashPassword } from '../db/password';
import { startWebServer, type WebServer } from '../scripts/web-server';
import { CrmPage } from './pages';

export interface AppServer {
  url: string;
  dataDir: string;
  server: WebServer;
  /** A second connection to this test's database, for setting up and checking rows directly. */
  db: DB;
  /** Adds a member of staff straight into this test's database (password 'secret1'). */
  addStaff(name: string, login: string, role?: 'admin' | 'sales'): number;
}

/**
 * The engine a test runs on: the project 'postgresql' (playwright.config.ts) runs the main specs
 * against a server on PostgreSQL, a fresh database per test (db/engine/pg-testing.ts).
 */
export function e2eEngine(projectName: string): 'sqlite' | 'pg' {
  return projectName === 'postgresql' ? 'pg' : 'sqlite';
}

/** A fresh database for one test: nothing (crm.db in the data folder) or PostgreSQL's. */
export function freshDatabase(projectName: string): { pgUrl?: string; drop(): void } {
  if (e2eEngine(projectName) === 'sqlite') return { drop: () => undefined };
  const fresh = freshPgDatabase();
  return { pgUrl: fresh.url, drop: fresh.drop };
}

/** Each test gets its own browser-mode server on a free port with a fresh data folder (and database). */
export const test = base.extend<{ app: AppServer; crm: CrmPage; sweepMinutes: number }>({
  /** How often the host runs its system sweeps (公海规则's daily sweep among them); a spec may shorten it. */
  sweepMinutes: [5, { option: true }],
  app: async ({ sweepMinutes }, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-'));
    const database = freshDatabase(testInfo.project.name);
    const server = await startWebServer({
      port: 0,
      dataDir,
      quiet: true,
      host: { readers: 1, pgUrl: database.pgUrl, sweepMinutes },
    });
    const db = database.pgUrl ? openPgDatabase(database.pgUrl) : openDatabase(path.join(dataDir, 'crm.db'));
    const hash = hashPassword('secret1');
    await use({
      url: server.url,
      dataDir,
      server,
      db,
      addStaff(name, login, role = 'sales') {
        const at = new Date().toISOString();
        return Number(
          db
            .prepare(
              `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
            )
            .run(name, login, hash, role, at, at).lastInsertRowid,
        );
      },
    });
    db.close();
    await server.close();
    database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  crm: async ({ page, app }, use) => {
    await startOnCustomers(page);
    await page.goto(app.url);
    await use(new CrmPage(page));
  },
});

export { expect };

/**
 * The specs written before 工作台 start on 客户管理 (系统 › 设置, kept per PC in localStorage);
 * e2e/workbench.spec.ts switches back to 工作台.
 */
export async function startOnCustomers(page: Page) {
  await page.addInitScript(() => {
    if (!localStorage.getItem('kehu.startScreen')) localStorage.setItem('kehu.startScreen', 'customers');
  });
}

/** Saves a screenshot to e2e-artifacts/ for a person to look at. */
export async function shot(page: Page, name: string) {
  fs.mkdirSync('e2e-artifacts', { recursive: true });
  await page.screenshot({ path: path.join('e2e-artifacts', `${name}.png`) });
}
