import { ROLE_LABELS, type Role, type Staff, type StaffOption } from '../../core/contract.js';
import { nowIso, today, type Ctx } from '../context.js';
import { AppError, badField, forbidden, notFound } from '../errors.js';
import { dialectOf } from '../engine/dialect.js';
import { writeLog } from '../oplog.js';
import { remindNow } from '../reminders/sync.js';
import type { HandlersOf } from '../router.js';
import { byPinyin } from '../people.js';
import { revokeOnOwnerChange } from './delegations.js';
import { teamOf } from '../visibility.js';

interface StaffDbRow {
  id: number;
  name: string;
  login: string | null;
  password_hash: string | null;
  must_change_password: number;
  role: Role;
  department: string;
  department_id: number | null;
  department_name: string | null;
  title: string;
  mobile: string;
  email: string;
  hired_on: string | null;
  active: number;
  version: number;
  customer_count: number;
}

/** The 部门 of `s` as a path of its last two levels ('销售一部 › 一组'), NULL when none. */
export const DEPARTMENT_NAME_SQL = `(SELECT CASE WHEN p.id IS NULL THEN d.name ELSE p.name || ' › ' || d.name END
  FROM department d LEFT JOIN department p ON p.id = d.parent_id WHERE d.id = s.department_id)`;

/**
 * The customer count walks the owner index (customer_live_owner): no table rows are read. The
 * 公海's own row (db/pool/owner.ts) is nobody on the staff: never listed, loaded or changed here.
 */
const SELECT_STAFF = `SELECT s.*,
  (SELECT count(*) FROM customer c WHERE c.owner_id = s.id AND c.deleted_at IS NULL) AS customer_count,
  ${DEPARTMENT_NAME_SQL} AS department_name
  FROM staff s WHERE s.pool = 0`;

function toStaff(r: StaffDbRow): Staff {
  return {
    id: r.id,
    name: r.name,
    login: r.login ?? '',
    role: r.role,
    department: r.department,
    departmentId: r.department_id,
    departmentName: r.department_name ?? '',
    title: r.title,
    mobile: r.mobile,
    email: r.email,
    hiredOn: r.hired_on,
    active: !!r.active,
    mustChangePassword: !!r.must_change_password,
    customerCount: r.customer_count,
    version: r.version,
  };
}

function loadRow(ctx: Ctx, id: number): StaffDbRow {
  const row = ctx.db.prepare<[number], StaffDbRow>(`${SELECT_STAFF} AND s.id = ?`).get(id);
  if (!row) throw notFound('人员');
  return row;
}

const loadStaff = (ctx: Ctx, id: number) => toStaff(loadRow(ctx, id));

function assertLoginFree(ctx: Ctx, login: string, exceptId = 0) {
  const clash = ctx.db
    .prepare<[string, number], { name: string }>('SELECT name FROM staff WHERE login = ? AND id <> ?')
    .get(login, exceptId);
  if (clash) throw badField('login', '登录账号', `“${login}”已被 ${clash.name} 使用`);
}

/** Can log in as an administrator: the state the last one must keep. */
const isActiveAdmin = (s: { role: Role; active: boolean | number; login: string | null }) =>
  s.role === 'admin' && !!s.active && !!s.login;

/**
 * The last active administrator (with a login) may not be disabled, demoted, stripped of their
 * login or deleted; nor may an administrator do that to their own account, which would end or
 * narrow their session in the middle of the work.
 */
export function assertKeepsAnAdmin(
  ctx: Ctx,
  before: StaffDbRow,
  after: { role: Role; active: boolean; login: string | null } | null,
) {
  if (!isActiveAdmin(before)) return;
  if (after && isActiveAdmin(after)) return;
  const what = !after
    ? '删除'
    : !after.active
      ? '停用'
      : after.role !== 'admin'
        ? `改为${ROLE_LABELS[after.role]}`
        : '取消登录账号';
  const others = ctx.db
    .prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active = 1 AND login IS NOT NULL AND id <> ?`,
    )
    .get(before.id);
  if (!others?.n) throw forbidden(`${before.name}是最后一位在职的管理员，不能${what}`);
  assertNotSelf(ctx, before.id, what);
}

function assertNotSelf(ctx: Ctx, id: number, what: string) {
  if (id === ctx.user.id) throw forbidden(`不能${what}自己的账号，请由其他管理员操作`);
}

/** Staff who may own customers and receive them: active. */
function activeStaffName(ctx: Ctx, id: number, field: string, label: string): string {
  const row = ctx.db
    .prepare<[number], { name: string; active: number }>('SELECT name, active FROM staff WHERE id = ?')
    .get(id);
  if (!row) throw badField(field, label, '不存在');
  if (!row.active) throw badField(field, label, `${row.name}已停用`);
  return row.name;
}

/** A 销售经理 belongs to a 部门; anyone's 部门 must exist. */
function assertDepartment(ctx: Ctx, role: Role, departmentId: number | null) {
  if (departmentId !== null && !ctx.db.prepare('SELECT 1 FROM department WHERE id = ?').get(departmentId)) {
    throw badField('departmentId', '部门', '不存在');
  }
  if (role === 'manager' && departmentId === null) {
    throw badField('departmentId', '部门', '销售经理必须属于一个部门：请先选择部门');
  }
}

const conflict = (name: string) => new AppError('conflict', `人员“${name}”已被其他人修改，请关闭后重新打开再编辑`);

export const staffHandlers: HandlersOf<'staff'> = {
  'staff.options': (ctx) =>
    ctx.db
      .prepare<[], { id: number; name: string; role: Role; has_login: number; department_id: number | null }>(
        `SELECT id, name, role, login IS NOT NULL AS has_login, department_id FROM staff WHERE active = 1`,
      )
      .all()
      .sort(byPinyin)
      .map((r): StaffOption => ({
        id: r.id,
        name: r.name,
        role: r.role,
        hasLogin: !!r.has_login,
        departmentId: r.department_id,
      })),

  'staff.list': (ctx) => {
    // 在职 first, each part by the pinyin of the name (db/people.ts).
    return ctx.db
      .prepare<[], StaffDbRow>(SELECT_STAFF)
      .all()
      .map(toStaff)
      .sort((a, b) => Number(b.active) - Number(a.active) || byPinyin(a, b));
  },

  'staff.create': (ctx, input) => {
    const login = input.login || null;
    if (login) {
      assertLoginFree(ctx, login);
      if (!input.password) throw badField('password', '初始密码', '有登录账号的人员必须设置初始密码');
    }
    assertDepartment(ctx, input.role, input.departmentId);
    const at = nowIso(ctx);
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO staff (name, login, password_hash, must_change_password, role, department, department_id, title,
           mobile, email, hired_on, active, created_at, updated_at)
         VALUES (@name, @login, @hash, @mcp, @role, @department, @departmentId, @title, @mobile, @email, @hiredOn,
           @active, @at, @at)`,
      )
      .run({
        ...input,
        login,
        hash: login ? ctx.passwords.hash(input.password) : null,
        mcp: login ? 1 : 0,
        active: input.active ? 1 : 0,
        at,
      });
    return loadStaff(ctx, Number(lastInsertRowid));
  },

  'staff.update': (ctx, input) => {
    const before = loadRow(ctx, input.id);
    if (before.version !== input.version) throw conflict(before.name);
    const login = input.login || null;
    assertKeepsAnAdmin(ctx, before, { role: input.role, active: input.active, login });
    assertDepartment(ctx, input.role, input.departmentId);
    if (login && login.toLowerCase() !== (before.login ?? '').toLowerCase()) assertLoginFree(ctx, login, before.id);
    // A login given to someone who had none needs their initial password; a removed login drops it.
    let hash = login ? before.password_hash : null;
    let mcp = login ? before.must_change_password : 0;
    if (login && input.password) {
      hash = ctx.passwords.hash(input.password);
      mcp = 1;
    } else if (login && !hash) {
      throw badField('password', '初始密码', '设置登录账号时必须设置初始密码');
    }
    const res = ctx.db
      .prepare(
        `UPDATE staff SET name = @name, login = @login, password_hash = @hash, must_change_password = @mcp,
           role = @role, department = @department, department_id = @departmentId, title = @title, mobile = @mobile, email = @email,
           hired_on = @hiredOn, active = @active, updated_at = @at, version = version + 1
         WHERE id = @id AND version = @version`,
      )
      .run({ ...input, login, hash, mcp, active: input.active ? 1 : 0, at: nowIso(ctx) });
    if (res.changes !== 1) throw conflict(before.name);
    return loadStaff(ctx, before.id);
  },

  'staff.resetPassword': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    if (!row.login) throw badField('login', '登录账号', `${row.name}没有登录账号，不需要密码`);
    ctx.db
      .prepare(
        `UPDATE staff SET password_hash = ?, must_change_password = 1, updated_at = ?, version = version + 1 WHERE id = ?`,
      )
      .run(ctx.passwords.hash(input.password), nowIso(ctx), row.id);
    return loadStaff(ctx, row.id);
  },

  'staff.setActive': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    if (!!row.active === input.active) return toStaff(row);
    if (!input.active) assertKeepsAnAdmin(ctx, row, { role: row.role, active: false, login: row.login });
    ctx.db
      .prepare('UPDATE staff SET active = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(input.active ? 1 : 0, nowIso(ctx), row.id);
    return loadStaff(ctx, row.id);
  },

  'staff.delete': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    assertKeepsAnAdmin(ctx, row, null);
    try {
      ctx.db.prepare('DELETE FROM staff WHERE id = ?').run(row.id);
    } catch (err) {
      // Every table that names a member of staff does so by foreign key: owner, author, 经手人 …
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw forbidden(`${row.name}已有客户或操作记录，不能删除；请改为停用`);
      }
      throw err;
    }
    return null;
  },

  'staff.transfer': (ctx, input) => {
    // 管理员: anyone's customers to anyone; 销售经理: within their 部门 (customers owned by the team, to a member).
    if (ctx.user.role === 'sales') throw forbidden('只有管理员或销售经理可以转移客户');
    const team = ctx.user.role === 'manager' ? teamOf(ctx) : null;
    const toName = activeStaffName(ctx, input.toId, 'toId', '转移给');
    if (team && !team.includes(input.toId)) {
      throw badField('toId', '转移给', `${toName}不在您的部门：销售经理只能在本部门内转移客户`);
    }
    type Target = { id: number; name: string; owner_id: number; owner_name: string };
    const select = `SELECT c.id, c.name, c.owner_id, o.name AS owner_name FROM customer c JOIN staff o ON o.id = c.owner_id`;
    let targets: Target[];
    if (input.customerIds) {
      const ids = [...new Set(input.customerIds)];
      targets = ctx.db
        .prepare<[string], Target>(
          `${select} WHERE c.id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('?', 'j')}) ORDER BY c.id`,
        )
        .all(JSON.stringify(ids));
      if (targets.length !== ids.length) throw notFound('客户');
    } else {
      const from = loadRow(ctx, input.fromId as number);
      if (from.id === input.toId) throw badField('toId', '转移给', '不能与原业务员相同');
      // Every customer, deleted ones too: nothing stays in the name of someone who left.
      // Live ones through the owner index, deleted ones through the (small) deleted index.
      targets = ctx.db
        .prepare<{ owner: number }, Target>(
          `${select} WHERE c.owner_id = @owner AND c.deleted_at IS NULL
           UNION ALL ${select.replace('customer c', 'customer c INDEXED BY customer_deleted')}
             WHERE c.owner_id = @owner AND c.deleted_at IS NOT NULL
           ORDER BY 1`,
        )
        .all({ owner: from.id });
      if (!targets.length) throw badField('fromId', '原业务员', `${from.name}名下没有客户`);
    }
    if (team) {
      const outside = targets.find((t) => !team.includes(t.owner_id));
      if (outside) {
        if (input.fromId !== undefined)
          throw forbidden(`${outside.owner_name}不在您的部门：销售经理只能在本部门内转移客户`);
        // Not the team's: a customer seen through a delegation, or not seen at all — never say which.
        const seen = ctx.db
          .prepare<[number, number, string], number>(
            `SELECT 1 FROM delegation WHERE customer_id = ? AND to_id = ? AND revoked_at IS NULL AND start_on <= ?`,
          )
          .pluck()
          .get(outside.id, ctx.user.id, today(ctx));
        if (!seen) throw notFound('客户');
        throw forbidden(
          `客户“${outside.name}”的业务员${outside.owner_name}不在您的部门：销售经理只能在本部门内转移客户`,
        );
      }
    }
    const moving = targets.filter((t) => t.owner_id !== input.toId);
    if (!moving.length) throw badField('toId', '转移给', `所选客户已经属于${toName}`);

    const at = nowIso(ctx);
    const move = ctx.db.prepare('UPDATE customer SET owner_id = ?, updated_at = ?, version = version + 1 WHERE id = ?');
    for (const t of moving) {
      move.run(input.toId, at, t.id);
      writeLog(ctx, t.id, `转移客户：业务员 ${t.owner_name} → ${toName}`);
      remindNow(ctx, 'transfer', input.toId, t.id, null, `客户“${t.name}”已由${t.owner_name}转移给您`);
      revokeOnOwnerChange(ctx, t.id, toName);
    }
    return { count: moving.length };
  },
};
