/**
 * Policy declared in the contract and enforced by the router: who may call each method, that a
 * method declared as a read never writes, and that no method name is defined twice.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type Input, type MethodName } from '../core/contract.js';
import { mergeAreas, type Method } from '../core/contract/common.js';
import { seedPurchase } from './handlers/fees.fixtures.js';
import { createOffice, failure, newCustomer, writeState } from './testing.js';

let office: ReturnType<typeof createOffice>;
afterEach(() => office?.app.close());

const methods = Object.entries(contract) as [MethodName, Method][];
const routerMethods = methods.filter(([, m]) => !m.host);

/** Every change the connection ever made, and a checksum of every table (either engine). */
const state = () => writeState(office.app.db);

describe('the contract declares who may call each method', () => {
  const adminOnly = routerMethods.filter(([, m]) => m.role === 'admin').map(([n]) => n);

  it('lists the administrator-only methods (a lost declaration fails here)', () => {
    expect(adminOnly.sort()).toEqual(
      [
        'categories.create',
        'categories.delete',
        'categories.rename',
        'departments.create',
        'departments.delete',
        'departments.move',
        'departments.rename',
        'products.create',
        'products.delete',
        'products.setOnSale',
        'products.update',
        'reminders.setSettings',
        'pool.saveRules',
        'settings.update',
        'staff.create',
        'staff.delete',
        'staff.list',
        'staff.resetPassword',
        'staff.setActive',
        'staff.update',
        'statuses.create',
        'statuses.delete',
        'statuses.rename',
        'suppliers.create',
        'suppliers.delete',
        'suppliers.setActive',
        'suppliers.update',
      ].sort(),
    );
    // The office's host methods (网络设置, 在线用户, backups): administrators; 关于 is for everyone.
    for (const [name, m] of methods.filter(([, m]) => m.host)) {
      expect(m.role, name).toBe(name === 'system.about' ? undefined : 'admin');
    }
  });

  it('the router refuses a salesperson each of them, naming what was refused, before reading the input', () => {
    office = createOffice();
    const before = state();
    for (const name of adminOnly) {
      for (const input of [undefined, {}, { id: 1, active: false, onSale: false }, 'junk']) {
        const e = failure(office.app.call(office.wang, name, input as never));
        expect(e.code, name).toBe('forbidden');
        expect(e.message, name).toMatch(/^只有管理员可以\S+$/);
        expect(e.message, name).not.toBe('只有管理员可以进行此操作');
      }
    }
    expect(failure(office.app.call(office.wang, 'suppliers.setActive', { ids: [1], active: false })).message).toBe(
      '只有管理员可以停用供应商',
    );
    expect(failure(office.app.call(office.wang, 'staff.setActive', { id: 1, active: true })).message).toBe(
      '只有管理员可以启用人员',
    );
    expect(failure(office.app.call(office.wang, 'settings.update', {} as never)).message).toBe(
      '只有管理员可以修改公司信息',
    );
    expect(state()).toEqual(before);
  });

  it('an administrator passes the check (the handler then validates as before)', () => {
    office = createOffice();
    const e = failure(office.app.call(office.admin, 'statuses.create', { name: '' }));
    expect(e.code).toBe('bad_input');
    expect(office.app.ok(office.admin, 'statuses.create', { name: '老客户' }).name).toBe('老客户');
  });
});

describe('a method declared as a read never writes', () => {
  async function workbook(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '关键字']);
    ws.addRow(['东莞市宝环实业有限公司', '宝环']);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  it('runs every read method, as the administrator, a salesperson and a 销售经理, and nothing is written (no change counted, no row version new)', async () => {
    office = createOffice();
    const { app, admin, wang, wangId, liId } = office;
    // 王伟 in 销售一部 › 一组, managed by 赵经理.
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    const group = app.ok(admin, 'departments.create', { name: '一组', parentId: dept.id });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(group.id, wangId);
    app.addStaff('赵经理', 'zhao', 'manager', dept.id);
    const manager = app.login('zhao');
    // A small office with a row of every kind, so each read has something to read.
    const customer = app.ok(wang, 'customers.create', newCustomer(wangId));
    app.ok(li(), 'customers.create', newCustomer(liId, { name: '东莞市宝环实业有限公司', keyword: '宝环' }));
    app.ok(admin, 'delegations.grant', {
      customerIds: [customer.id],
      toId: liId,
      startOn: '2026-11-26',
      endOn: '2026-11-27',
    });
    const purchaseId = seedPurchase(app, customer.id, {
      annualFeeCents: 50000,
      remind: true,
      serviceEndOn: '2026-12-10',
    });
    const productId = app.db.prepare('SELECT product_id FROM purchase WHERE id = ?').pluck().get(purchaseId) as number;
    const base64 = await workbook();
    function li() {
      return office.li;
    }

    const range = { from: '2026-01-01', to: '2026-12-31' };
    const inputs: { [N in MethodName]?: (conn: typeof admin) => Input<N> } = {
      'auth.state': () => undefined,
      'auth.logout': () => undefined,
      'statuses.tree': () => undefined,
      'customers.page': () => ({ search: '中兴', withTotal: true }),
      'customers.get': () => ({ id: customer.id }),
      'customers.checkDuplicates': () => ({ name: '中兴通讯', keyword: '中兴' }),
      'staff.options': () => undefined,
      'staff.list': () => undefined,
      'departments.list': () => undefined,
      'handover.preview': () => ({ fromId: wangId }),
      'handover.sheet': () => ({ handoverId: 1 }),
      'delegations.list': () => ({ customerId: customer.id }),
      'categories.list': () => undefined,
      'products.page': () => ({ withTotal: true }),
      'products.get': () => ({ id: productId }),
      'products.pick': () => ({}),
      'suppliers.page': () => ({ withTotal: true }),
      'suppliers.options': () => undefined,
      'suppliers.get': () => ({ id: 1 }),
      'contacts.list': () => ({ customerId: customer.id }),
      'records.list': () => ({ customerId: customer.id }),
      'quotes.list': () => ({ customerId: customer.id }),
      'purchases.list': () => ({ customerId: customer.id }),
      'fees.due': () => ({ withTotal: true }),
      'fees.arrears': () => ({ withTotal: true }),
      'fees.arrearsPurchases': () => ({ customerId: customer.id }),
      'fees.summary': () => undefined,
      'fees.reminder': () => ({ customerId: customer.id }),
      'payments.list': () => ({ purchaseId }),
      'instalments.list': () => ({ purchaseId }),
      'instalments.due': () => ({ view: 'open', withTotal: true }),
      'instalments.upcoming': () => ({}),
      'reminders.list': () => undefined,
      'reminders.settings': () => undefined,
      'settings.get': () => undefined,
      'pool.rules': () => undefined,
      'pool.warning': () => undefined,
      'export.start': () => ({ grid: 'customers', query: {} }) as Input<'export.start'>,
      'import.open': () => ({ fileName: '客户.xlsx', fileBase64: base64 }),
      'workbench.followups': () => ({}),
      'workbench.summary': () => undefined,
      'stats.statusNow': () => range,
      'stats.statusChanges': () => range,
      'stats.newCustomers': () => range,
      'stats.money': () => range,
      'stats.ageing': () => range,
      'stats.products': () => range,
      'stats.activity': () => range,
      'stats.plan': () => range,
      'stats.targets': () => range,
      'stats.ranking': () => range,
      'targets.list': () => ({ year: 2026 }),
      'targets.progress': () => ({}),
    };
    // auth.logout last: it ends the session the others run in.
    const reads = routerMethods
      .filter(([, m]) => !m.write)
      .map(([n]) => n)
      .sort((a, b) => Number(a === 'auth.logout') - Number(b === 'auth.logout'));
    // Methods that need an id from an earlier call of the same job.
    const followUps = new Set<MethodName>([
      'export.progress',
      'export.cancel',
      'import.preview',
      'import.progress',
      'import.close',
    ]);
    expect(
      reads.filter((n) => !inputs[n] && !followUps.has(n)),
      'a read method without a sample input here',
    ).toEqual([]);

    app.clock.set('2026-11-28T02:00:00.000Z'); // the delegation has ended: a read must not log it
    for (const conn of [admin, wang, manager]) {
      const before = state();
      for (const name of reads.filter((n) => inputs[n])) {
        const r = app.call(conn, name, inputs[name]!(conn) as never);
        // Refusals are fine (staff.list for a salesperson); what matters is that nothing was written.
        if (!r.ok) expect(r.error.code, `${name}: ${r.error.message}`).toMatch(/forbidden|not_found/);
        if (name === 'export.start' && r.ok) {
          const { jobId } = r.value as { jobId: string };
          app.ok(conn, 'export.progress', { jobId });
          app.ok(conn, 'export.cancel', { jobId });
        }
        if (name === 'import.open' && r.ok) {
          const { importId } = r.value as { importId: string };
          const ready = async () => {
            for (let i = 0; i < 1000; i++) {
              const p = app.ok(conn, 'import.progress', { importId });
              if (p.state === 'ready' || p.state === 'failed') return p.state;
              await new Promise((done) => setTimeout(done, 30));
            }
            throw new Error('import still reading');
          };
          expect(await ready()).toBe('ready');
          app.ok(conn, 'import.preview', { importId, mapping: { name: 0, keyword: 1 } });
          expect(await ready()).toBe('ready');
          app.ok(conn, 'import.close', { importId });
        }
      }
      expect(
        state(),
        conn === admin ? 'as the administrator' : conn === wang ? 'as a salesperson' : 'as a manager',
      ).toEqual(before);
    }
    expect(app.sweep().length, 'the expiry is the system sweep’s write').toBeGreaterThan(0);
  }, 60_000);
});

describe('one name, one method', () => {
  it('merging the areas refuses a method name defined twice', () => {
    const a = { 'customers.get': 1, 'customers.page': 2 };
    expect(() => mergeAreas(a, { 'staff.list': 3 }, { 'customers.page': 4 })).toThrow('方法名重复：customers.page');
    expect(mergeAreas(a, { 'staff.list': 3 })).toEqual({ ...a, 'staff.list': 3 });
  });
});
