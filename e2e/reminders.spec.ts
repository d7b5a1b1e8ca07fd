/**
 * Reminders (issue 22, part 3): a follow-up at the host's now + 1 minute rings — bell, 提醒 list
 * and a desktop notification — in a second browser context signed in as its salesperson, whose
 * PC clock is hours wrong, and not in a third one (another salesperson); 稍后提醒 rings again;
 * 打开客户 opens it on 日志及维护记录 with its 跟进时间. The minutes pass on the office host's
 * clock (server.reminders.setClockOffset): it is the host's timer that rings, never a browser's.
 */
import type { Browser, Page } from '@playwright/test';
import { localDay } from '../core/contract/dates';
import { expect, shot, test, type AppServer } from './fixtures';
import { CrmPage } from './pages';

const A = '深圳市华强电子有限公司';

/** A browser context of its own (another PC), notifications allowed and recorded, signed in. */
async function signedIn(browser: Browser, app: AppServer, login: string, clockWrongByMs = 0): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 800 } });
  await context.grantPermissions(['notifications'], { origin: new URL(app.url).origin });
  await context.addInitScript(() => {
    localStorage.setItem('kehu.startScreen', 'customers');
    const Real = window.Notification;
    const seen: { title: string; body: string }[] = [];
    (window as unknown as { shownNotifications: typeof seen }).shownNotifications = seen;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = Recorded;
  });
  const page = await context.newPage();
  // This PC's clock is wrong: it must not matter when anything rings.
  if (clockWrongByMs) await page.clock.setFixedTime(new Date(Date.now() + clockWrongByMs));
  await page.goto(app.url);
  await new CrmPage(page).login(login, 'secret1');
  await expect(page.getByRole('menubar')).toBeVisible();
  return page;
}

const notifications = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications,
  );

test('a follow-up rings at the host’s minute for its salesperson only; 稍后提醒 rings again', async ({
  crm,
  app,
  browser,
}) => {
  test.setTimeout(120_000);
  await crm.setupAdmin();
  const wangId = app.addStaff('王伟', 'wang');
  app.addStaff('李娜', 'li');
  const at = new Date().toISOString();
  const customerId = Number(
    app.db
      .prepare(
        `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
         VALUES (?, '华强', ?, '华强', 2, ?, ?, ?, ?)`,
      )
      .run(A, A, wangId, localDay(), at, at).lastInsertRowid,
  );

  // The office host's clock: 14:00:10 two days from now (its own minute, not the browsers').
  const host = new Date();
  host.setDate(host.getDate() + 2);
  host.setHours(14, 0, 10, 0);
  const timer = app.server.reminders;
  await timer.setClockOffset(host.getTime() - Date.now());
  const hostDay = localDay(timer.now());

  const wang = await signedIn(browser, app, 'wang', -5 * 3600_000); // his PC is 5 hours behind
  const li = await signedIn(browser, app, 'li');

  // 王伟 plans the follow-up for the host's next minute (through the data side his window uses).
  const saved = await wang.evaluate(
    async ({ customerId, hostDay }) => {
      const crm = window.crm!;
      const list = (await crm.invoke('records.list', { customerId })) as { ok: true; value: { token: string } };
      return crm.invoke('records.save', {
        customerId,
        token: list.value.token,
        created: [
          {
            at: new Date().toISOString(),
            method: '电话',
            content: '约好回电，确认合同',
            nextOn: hostDay,
            nextTime: '14:01',
          },
        ],
      });
    },
    { customerId, hostDay },
  );
  expect(saved.ok).toBe(true);
  const bell = (p: Page) => p.getByRole('button', { name: /^提醒/ });
  await expect(bell(wang)).toHaveAccessibleName('提醒');

  // 14:01 on the host: it rings for 王伟, at once, and not for 李娜.
  await timer.setClockOffset(host.getTime() + 60_000 - Date.now());
  await expect(bell(wang)).toHaveAccessibleName('提醒（1 条未读）');
  await expect
    .poll(() => notifications(wang))
    .toEqual([{ title: '客户提醒 · 跟进', body: `跟进客户“${A}”（下次跟进 ${hostDay} 14:01）：约好回电，确认合同` }]);
  await bell(wang).click();
  const panel = wang.getByRole('dialog', { name: '提醒' });
  const item = panel.getByRole('listitem', { name: `跟进：${A}` });
  await expect(item).toContainText('约好回电，确认合同');
  await shot(wang, 'reminders-list');
  await expect(bell(li)).toHaveAccessibleName('提醒');
  expect(await notifications(li)).toEqual([]);
  await bell(li).click();
  await expect(li.getByRole('dialog', { name: '提醒' })).toContainText('没有提醒');
  await shot(li, 'reminders-empty');

  // 稍后提醒 10 分钟: off the count; 10 minutes later on the host it rings again.
  await item.getByRole('button', { name: '稍后提醒' }).click();
  await item.getByRole('group', { name: '稍后提醒' }).getByRole('button', { name: '10 分钟' }).click();
  await expect(bell(wang)).toHaveAccessibleName('提醒');
  await expect(item).toContainText(`${hostDay} 14:11 再提醒`);
  await timer.setClockOffset(host.getTime() + 11 * 60_000 - Date.now());
  await expect(bell(wang)).toHaveAccessibleName('提醒（1 条未读）');
  await expect.poll(async () => (await notifications(wang)).length).toBe(2);
  expect(await notifications(li)).toEqual([]);

  // 打开客户: the customer on 日志及维护记录, the follow-up with its 跟进时间.
  await item.getByRole('button', { name: '打开客户' }).click();
  await expect(wang.getByRole('tab', { name: '日志及维护记录' })).toHaveAttribute('aria-selected', 'true');
  await expect(wang.getByRole('region', { name: '日志及维护记录列表' })).toContainText('14:01');
  await shot(wang, 'reminders-open-customer');

  // 已处理: gone from the list; nothing more rings.
  await bell(wang).click();
  await wang.getByRole('dialog', { name: '提醒' }).getByRole('button', { name: '已处理' }).click();
  await expect(wang.getByRole('dialog', { name: '提醒' })).toContainText('没有提醒');
});
