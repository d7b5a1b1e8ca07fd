/**
 * Moves an office to PostgreSQL: `npm run migrate:pg -- --data <folder with crm.db> --pg <url>`
 * (or KEHU_PG_URL). The library is db/engine/copy-to-pg.ts: one transaction, so a run stopped
 * half-way leaves the target empty and a second run starts over. Prints the rows of every table
 * on both sides and the 操作日志 chain's check; exits 1 when the copy was refused, failed or
 * anything differs. The password is never printed.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { copy, MigrateRefused, type CopyProgress, type CopyResult } from '../db/engine/copy-to-pg.js';
import { redactUrl } from '../db/engine/open-pg.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The table of rows per table: table | crm.db rows | PostgreSQL rows | ✓/✗. */
export function countsTable(result: CopyResult): string {
  const head = ['表', 'crm.db 行数', 'PostgreSQL 行数', ''];
  const rows = result.tables.map((t) => [t.table, n(t.sqlite), n(t.pg), t.sqlite === t.pg ? '✓' : '✗']);
  const width = [0, 1, 2].map((i) => Math.max(...[head, ...rows].map((r) => displayWidth(r[i]))));
  const line = (r: string[]) =>
    [pad(r[0], width[0]), pad(r[1], width[1], true), pad(r[2], width[2], true), r[3]].join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** Width on a terminal: CJK characters take two columns. */
const displayWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number, right = false) =>
  right ? ' '.repeat(w - displayWidth(s)) + s : s + ' '.repeat(w - displayWidth(s));

const PHASES: Record<string, string> = {
  check: '检查',
  copy: '复制',
  search: '搜索索引',
  indexes: '重建索引',
  constraints: '外键与触发器',
  commit: '提交',
  count: '核对行数',
  chain: '校验操作日志链',
};

/** Progress lines: a line per table or phase (and every 200,000 rows of a big table). */
function progressPrinter(): (p: CopyProgress) => void {
  return (p) => {
    const label = p.table ? `${PHASES[p.phase]} ${p.table}` : (PHASES[p.phase] ?? p.phase);
    const rows = p.total ? `  ${n(p.rows)} / ${n(p.total)}` : '';
    console.log(`  ${(p.ms / 1000).toFixed(1).padStart(7)} s  ${label}${rows}`);
  };
}

/** The phases' times; the tables copied in under half a second only in the copy's total. */
export function phaseSummary(result: CopyResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const copies = result.phases.filter((p) => p.phase.startsWith('copy '));
  const small = copies.filter((p) => p.ms < 500);
  const parts: string[] = [];
  for (const p of result.phases) {
    if (p.phase.startsWith('copy ') && p.ms < 500) continue;
    parts.push(`${p.phase} ${s(p.ms)}`);
  }
  const copyTotal = copies.reduce((t, p) => t + p.ms, 0);
  const smallTotal = small.reduce((t, p) => t + p.ms, 0);
  return `${parts.join('，')}（复制合计 ${s(copyTotal)}，其中 ${small.length} 个小表 ${s(smallTotal)}）`;
}

/** Runs the copy and prints its report; the exit code (0 when every count matches and the chain verifies). */
export async function migrateToPg(file: string, url: string): Promise<number> {
  console.log(`搬迁 ${file} → ${redactUrl(url)}`);
  try {
    const result = await copy(file, url, { onProgress: progressPrinter() });
    console.log('');
    console.log(countsTable(result));
    console.log('');
    console.log(
      result.chain.ok
        ? `操作日志链校验通过（${n(result.chain.count)} 条）`
        : `操作日志链校验失败：${result.chain.reason}`,
    );
    console.log(`各阶段用时：${phaseSummary(result)}`);
    console.log(
      result.ok
        ? `完成：${(result.elapsedMs / 1000).toFixed(1)} 秒，每个表的行数一致`
        : `搬迁已提交，但有不一致之处（见上面标 ✗ 的行）：请检查后删除这个 PostgreSQL 数据库再搬迁`,
    );
    return result.ok ? 0 : 1;
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    const safe = message.split(url).join(redactUrl(url));
    console.error(
      err instanceof MigrateRefused ? safe : `搬迁失败，PostgreSQL 数据库里没有写入任何办公室数据：${safe}`,
    );
    return 1;
  }
}

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, pg: { type: 'string' } } });
  const url = values.pg ?? process.env.KEHU_PG_URL;
  if (!values.data || !url) {
    console.error(
      '用法: npm run migrate:pg -- --data <存放 crm.db 的文件夹> --pg <postgres://用户:密码@主机:端口/数据库>',
    );
    process.exit(2);
  }
  process.exit(await migrateToPg(path.resolve(values.data, 'crm.db'), url));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
