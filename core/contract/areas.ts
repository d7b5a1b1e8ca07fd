/**
 * What each write changes, as the areas of the screen that show it. A change event names these
 * areas and the customers the write touched (every 操作日志 line names its customer), and each
 * pane refetches only when an event overlaps what it shows — one table, used by the data host
 * (events) and the renderer (invalidation).
 */
export const AREAS = [
  'customers', // grid rows, the customer form, names above the tabs
  'counts', // 客户状态 tree counts and grid totals
  'statuses', // the 客户状态 names and order
  'contacts',
  'records', // 日志及维护记录 (every change on a customer adds an 操作日志 line there)
  'quotes',
  'purchases',
  'payments',
  'fees', // tab 9 and 统计: 年费催缴, 欠款统计
  'delegations',
  'staff',
  'catalog', // 商品大类, 商品
  'suppliers',
  'settings',
  'reminders', // the bell's 提醒 list
  'targets', // 业绩目标 (统计 › 业绩目标, 工作台's progress, 销售统计)
] as const;

export type Area = (typeof AREAS)[number];

const customerRows: Area[] = ['customers', 'counts', 'fees'];

/** Areas by write method; a method missing here changes nothing another window shows. */
const byMethod: Record<string, readonly Area[]> = {
  'auth.setup': ['staff'],
  'auth.changePassword': ['staff'],
  'statuses.create': ['statuses', 'counts'],
  'statuses.rename': ['statuses', 'customers'],
  'statuses.delete': ['statuses', 'counts'],
  'customers.create': customerRows,
  'customers.update': [...customerRows, 'delegations'],
  'customers.delete': [...customerRows, 'delegations'],
  'customers.restore': customerRows,
  'staff.create': ['staff'],
  // A role or 部门 changed: a 销售经理's team, so what they see and count.
  'staff.update': ['staff', ...customerRows],
  'staff.resetPassword': ['staff'],
  'staff.setActive': ['staff'],
  'staff.delete': ['staff'],
  'staff.transfer': ['staff', 'delegations', ...customerRows],
  // 交接: the customers, their delegations and counts, and the staff list (停用, 客户数).
  'handover.commit': ['staff', 'delegations', ...customerRows],
  'departments.create': ['staff'],
  'departments.rename': ['staff'],
  'departments.move': ['staff', ...customerRows],
  'departments.delete': ['staff'],
  'delegations.grant': ['delegations', ...customerRows],
  'delegations.revoke': ['delegations', ...customerRows],
  'delegations.expire': ['delegations', ...customerRows],
  'categories.create': ['catalog'],
  'categories.rename': ['catalog'],
  'categories.delete': ['catalog'],
  'products.create': ['catalog'],
  'products.update': ['catalog', 'quotes', 'purchases'],
  'products.delete': ['catalog'],
  'products.setOnSale': ['catalog'],
  'suppliers.create': ['suppliers', 'catalog'],
  'suppliers.update': ['suppliers', 'catalog'],
  'suppliers.setActive': ['suppliers', 'catalog'],
  'suppliers.delete': ['suppliers', 'catalog'],
  'contacts.save': ['contacts'],
  'records.save': ['records'],
  'quotes.save': ['quotes'],
  'purchases.save': ['purchases', 'fees'],
  'payments.create': ['payments', 'purchases', 'fees'],
  'instalments.save': ['purchases', 'fees'],
  'settings.update': ['settings'],
  'reminders.snooze': ['reminders'],
  'reminders.done': ['reminders'],
  'reminders.setSettings': ['settings'],
  // The office host rang reminders (server/reminder-timer.ts): the person's other windows refetch the list.
  'reminders.fire': ['reminders'],
  'targets.save': ['targets'],
  'import.commit': customerRows,
  'pool.saveRules': ['settings'],
  // 退回公海, 领取, 分配给…, and the host's daily sweep (several customers at a time).
  'pool.release': [...customerRows, 'delegations'],
  'pool.claim': customerRows,
  'pool.assign': customerRows,
  'pool.sweep': [...customerRows, 'delegations'],
  // Several office servers: this one may have missed another's changes (its notification
  // connection dropped): every window refetches what it shows.
  'server.resync': AREAS,
};

/** The areas a write changed: its own, plus 日志及维护记录 when it logged on a customer. */
export function areasOf(method: string, touchedCustomers: number): Area[] {
  const own = byMethod[method] ?? [];
  return touchedCustomers > 0 && !own.includes('records') ? [...own, 'records'] : [...own];
}

/** A write happened: what it changed (pushed to every window, the writer's own included). */
export interface ChangeEvent {
  method: string;
  areas: Area[];
  /** The customers it touched; empty when it changed no customer's data (e.g. a status name). */
  customerIds: number[];
  /** True in the window whose call made the change (it already has the call's answer). */
  self?: boolean;
}

/**
 * Writes after which someone may see a customer no longer (or newly) through ownership or a
 * delegation: their events go to every signed-in window. The others go to administrators and to
 * the people who see the touched customers (owner, delegates) — so 30 salespeople do not all
 * refetch for one colleague's new customer.
 */
const VISIBILITY_CHANGES = new Set([
  'customers.update',
  'customers.delete',
  'customers.restore',
  'staff.transfer',
  'delegations.grant',
  'delegations.revoke',
  'delegations.expire',
  // The 公海 is everyone's: a customer going there or leaving it changes every window's 公海客户.
  'pool.release',
  'pool.claim',
  'pool.assign',
  'pool.sweep',
]);

export const changesVisibility = (method: string) => VISIBILITY_CHANGES.has(method);

/** Writes about the caller's own things only (their 提醒): their event goes to their own windows. */
const PERSONAL = new Set(['reminders.snooze', 'reminders.done']);
export const isPersonal = (method: string) => PERSONAL.has(method);
