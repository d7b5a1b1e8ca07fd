/**
 * 统计 › 业绩目标 (issue 22, part 2): a year's targets per 业务员 and 部门, saved as one draft in one
 * transaction (the router's), refused when someone saved targets of that year since the draft was
 * read. Targets are on no customer, so each save writes its 操作日志 lines into office_log (0018):
 * one line per 业务员 or 部门 and 指标 that changed, naming the months, old → new. 工作台's
 * progress: this month's target against what the signed-in person (their team; the office) did.
 */
import { type ProgressLine, type TargetCell, type TargetYear, type TargetsProgress } from '../../core/contract.js';
import { nowIso, today, type Ctx } from '../context.js';
import { AppError, badField, forbidden } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { departmentMembers, teamOf } from '../visibility.js';
import { departmentTargets, doneSums, staffTargets, targetScope, yearCells, yearRows } from '../targets/queries.js';
import { addDays } from '../fees/queries.js';
import { yuan } from './quotes.js';

export const TARGETS_CONFLICT = '该年度的业绩目标已被其他人修改，请点“刷新”重新读取后再编辑（您的修改没有保存）';

const METRIC_WORDS = { salesCents: '销售额', collectedCents: '回款额' } as const;

function loadYear(ctx: Ctx, year: number): TargetYear {
  const scope = targetScope(ctx, year);
  const { rows, token } = yearRows(ctx, year);
  return { year, ...scope, cells: yearCells(rows, scope), token };
}

/** An office 操作日志 line (not on a customer): who, when, what. */
export function writeOfficeLog(ctx: Ctx, area: string, content: string): void {
  ctx.db
    .prepare('INSERT INTO office_log (at, author_id, area, content) VALUES (?, ?, ?, ?)')
    .run(nowIso(ctx), ctx.user.id, area, content);
}

const show = (v: number | null) => (v === null ? '（空）' : `¥${yuan(v)}`);

function save(ctx: Ctx, input: { year: number; token: string; cells: TargetCell[] }) {
  const scope = targetScope(ctx, input.year);
  const { rows, token } = yearRows(ctx, input.year);
  if (token !== input.token) throw new AppError('conflict', TARGETS_CONFLICT);
  const people = new Map(scope.people.map((p) => [p.staffId, p.name]));
  const depts = new Map(scope.departments.map((d) => [d.departmentId, d.name]));
  const key = (c: { staffId: number | null; departmentId: number | null }) =>
    c.staffId !== null ? `s${c.staffId}` : `d${c.departmentId}`;
  const existing = new Map(rows.map((r) => [`${key(r)}|${r.month}`, r]));
  const seen = new Set<string>();
  // Per 业务员/部门 and 指标, the months that changed (for its log line).
  const changes = new Map<string, { name: string; parts: Map<string, string[]> }>();
  const at = nowIso(ctx);
  let changed = 0;
  // Every cell is checked before anything is written: a refusal writes nothing.
  const names = input.cells.map((c, i) => {
    const k = `${key(c)}|${c.month}`;
    if (seen.has(k)) throw badField(`cells.${i}.month`, '月份', `第 ${i + 1} 个目标重复了同一个月`);
    seen.add(k);
    const name = c.staffId !== null ? people.get(c.staffId) : depts.get(c.departmentId!);
    if (name === undefined) {
      const who = c.staffId !== null ? '该业务员' : '该部门';
      throw forbidden(
        ctx.user.role === 'manager'
          ? `${who}不在您的部门：销售经理只能设置本部门的业绩目标`
          : `${who}不存在或不能设置业绩目标`,
      );
    }
    return name;
  });
  input.cells.forEach((c, i) => {
    const k = `${key(c)}|${c.month}`;
    const name = names[i];
    const before = existing.get(k);
    const old = {
      salesCents: before ? before.salesCents : null,
      collectedCents: before ? before.collectedCents : null,
    };
    // A stored row holds both 指标; one left empty is stored as 0 while the other is set.
    const next =
      c.salesCents === null && c.collectedCents === null
        ? { salesCents: null, collectedCents: null }
        : { salesCents: c.salesCents ?? 0, collectedCents: c.collectedCents ?? 0 };
    if (old.salesCents === next.salesCents && old.collectedCents === next.collectedCents) return;
    changed++;
    if (next.salesCents === null) ctx.db.prepare('DELETE FROM sales_target WHERE id = ?').run(before!.id);
    else if (before)
      ctx.db
        .prepare(
          `UPDATE sales_target SET sales_cents = ?, collected_cents = ?, updated_at = ?, updated_by = ?, version = version + 1
           WHERE id = ?`,
        )
        .run(next.salesCents, next.collectedCents, at, ctx.user.id, before.id);
    else
      ctx.db
        .prepare(
          `INSERT INTO sales_target (staff_id, department_id, year, month, sales_cents, collected_cents, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.staffId, c.departmentId, input.year, c.month, next.salesCents, next.collectedCents, at, ctx.user.id);
    const entry = changes.get(key(c)) ?? {
      name: c.staffId !== null ? name : `部门 ${name}`,
      parts: new Map<string, string[]>(),
    };
    for (const m of ['salesCents', 'collectedCents'] as const)
      if (old[m] !== next[m]) {
        const list = entry.parts.get(m) ?? [];
        list.push(`${c.month}月 ${show(old[m])} → ${show(next[m])}`);
        entry.parts.set(m, list);
      }
    changes.set(key(c), entry);
  });
  for (const { name, parts } of changes.values())
    for (const [m, list] of parts)
      writeOfficeLog(
        ctx,
        'targets',
        `业绩目标 ${input.year}年 ${name} ${METRIC_WORDS[m as keyof typeof METRIC_WORDS]}：${list.join('，')}`,
      );
  return { ...loadYear(ctx, input.year), changed };
}

/** The last day of the month of `day`. */
function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
}

function line(
  scope: ProgressLine['scope'],
  name: string,
  target: { sales: number; collected: number; set: boolean } | undefined,
  done: { sales: number; collected: number } | undefined,
): ProgressLine {
  return {
    scope,
    name,
    sales: { targetCents: target?.set ? target.sales : null, doneCents: done?.sales ?? 0 },
    collected: { targetCents: target?.set ? target.collected : null, doneCents: done?.collected ?? 0 },
  };
}

/**
 * This month's progress: the signed-in person's own (业务员 and 销售经理: the customers they own),
 * a 销售经理's 部门 (its own target, else the sum of its members'), the administrator's office
 * (everyone's targets and customers).
 */
function progress(ctx: Ctx): TargetsProgress {
  const now = today(ctx);
  const month = now.slice(0, 7);
  const from = `${month}-01`;
  const to = monthEnd(now);
  const lines: ProgressLine[] = [];
  if (ctx.user.role !== 'admin') {
    const me = [ctx.user.id];
    lines.push(
      line(
        'me',
        ctx.user.name,
        staffTargets(ctx, me, month, month).get(month),
        doneSums(ctx, me, from, to, 'month').get(month),
      ),
    );
  }
  if (ctx.user.role === 'manager') {
    const dept = ctx.db
      .prepare<[number], { id: number; name: string }>(
        'SELECT d.id, d.name FROM staff s JOIN department d ON d.id = s.department_id WHERE s.id = ?',
      )
      .get(ctx.user.id);
    if (dept) {
      const members = [...new Set([...departmentMembers(ctx, dept.id), ...teamOf(ctx)])];
      const own = departmentTargets(ctx, dept.id, month, month).get(month);
      lines.push(
        line(
          'department',
          dept.name,
          own ?? staffTargets(ctx, members, month, month).get(month),
          doneSums(ctx, members, from, to, 'month').get(month),
        ),
      );
    }
  }
  if (ctx.user.role === 'admin')
    lines.push(
      line(
        'office',
        '全公司',
        staffTargets(ctx, null, month, month).get(month),
        doneSums(ctx, null, from, to, 'month').get(month),
      ),
    );
  return { month, lines };
}

export const targetsHandlers: HandlersOf<'targets'> = {
  'targets.list': (ctx, input) => loadYear(ctx, input.year),
  'targets.save': (ctx, input) => save(ctx, input),
  'targets.progress': (ctx) => progress(ctx),
};
