/**
 * English for the data side's messages. The data host (handlers, zod contract, router) words
 * every refusal in Chinese — it is also what the 操作日志 and the office server's log keep — and
 * the renderer translates what reaches the user when English is chosen: the error's message (as
 * shown in Message and in the form) and its per-field messages. The messages are built from a
 * small set of sentence shapes ('<label>：<problem>', '<what>不存在，或您无权查看',
 * '只有管理员可以<action>', '<kind>“<name>”已被其他人修改…') around field labels and names; the
 * labels are the screen's own words, so the zh-CN ↔ en resource files give their English, and
 * the shapes are the patterns below. Names the user typed (in “…”) are kept as they are. A
 * sentence no pattern knows becomes a plain English sentence for its error code, with the
 * original after it, so the user always reads English first.
 *
 * Chosen over error keys in every handler: one place, no change to the wire format or the 116
 * throw sites (and the Chinese text stays the single source the 操作日志 and tests use).
 */
import type { AppErrorShape } from '../../../core/contract';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [k: string]: string | Tree };

/** Chinese label → English, from the two resource files (same keys), plus words only the data side uses. */
const LABELS = new Map<string, string>();
function walk(zh: Tree, english: Tree) {
  for (const [k, v] of Object.entries(zh)) {
    const e = english[k];
    if (typeof v === 'string' && typeof e === 'string') {
      if (!v.includes('{{') && !LABELS.has(v)) LABELS.set(v, e);
    } else if (typeof v === 'object' && typeof e === 'object') walk(v, e);
  }
}
const EXTRA: Record<string, string> = {
  客户: 'Customer',
  客户名称: 'Customer name',
  人员: 'Member of staff',
  商品: 'Product',
  商品大类: 'Product category',
  供应商: 'Supplier',
  客户状态: 'Customer status',
  授权: 'Delegation',
  购买记录: 'Purchase',
  报价: 'Quote',
  联系人: 'Contact',
  维护记录: 'Follow-up record',
  收款: 'Payment',
  文件: 'File',
  输入: 'Input',
  版本: 'Version',
  日期: 'Date',
  金额: 'Amount',
  类型: 'Type',
  经手人: 'Handled by',
  授权给: 'Delegate to',
  转移给: 'Transfer to',
  原业务员: 'From salesperson',
  开始日期: 'Start date',
  结束日期: 'End date',
  状态名称: 'Status name',
  初始密码: 'Initial password',
  原密码: 'Current password',
  新密码: 'New password',
  确认密码: 'Confirm password',
  编号: 'Code',
  排序列: 'Sort column',
  排序方向: 'Sort direction',
  交接人: 'Leaving',
  接收人: 'Receiving',
  交接方式: 'Handover to',
  交接单: 'Handover sheet',
  起始行: 'First row',
  行数: 'Rows',
  搜索: 'Search',
  排序: 'Sort',
};
walk(zhCN as unknown as Tree, en as unknown as Tree);
for (const [k, v] of Object.entries(EXTRA)) LABELS.set(k, v);

const label = (zh: string) => LABELS.get(zh.trim()) ?? null;

/** Things an administrator alone may do ('只有管理员可以…'), and what a delegate may not ('不能…'). */
const ACTIONS: Record<string, string> = {
  修改公司信息: 'change the company information',
  修改跟进逾期提醒天数: 'change the days after which overdue follow-ups are escalated',
  变更客户的业务员: 'change a customer’s salesperson',
  恢复已删除的客户: 'restore deleted customers',
  新增商品大类: 'add product categories',
  重命名商品大类: 'rename product categories',
  删除商品大类: 'delete product categories',
  新增商品: 'add products',
  修改商品: 'change products',
  删除商品: 'delete products',
  停售商品: 'stop selling products',
  恢复商品在售: 'put products back on sale',
  新增供应商: 'add suppliers',
  修改供应商: 'change suppliers',
  停用供应商: 'disable suppliers',
  启用供应商: 'enable suppliers',
  删除供应商: 'delete suppliers',
  管理人员: 'manage staff',
  新增部门: 'add departments',
  重命名部门: 'rename departments',
  移动部门: 'move departments',
  删除部门: 'delete departments',
  新增人员: 'add staff',
  修改人员: 'change staff',
  停用人员: 'disable staff',
  启用人员: 'enable staff',
  删除人员: 'delete staff',
  重置密码: 'reset passwords',
  转移客户: 'transfer customers',
  新增状态: 'add statuses',
  新增客户状态: 'add customer statuses',
  重命名客户状态: 'rename customer statuses',
  删除客户状态: 'delete customer statuses',
  调整客户状态顺序: 'reorder customer statuses',
  删除: 'delete it',
  转移: 'transfer it',
  再授权给其他业务员: 'delegate it further',
  收回授权: 'revoke the delegation',
  停用: 'disable it',
  修改: 'change it',
  备份数据库: 'back up the database',
  恢复数据库: 'restore the database',
  修改网络设置: 'change the network settings',
  查看在线用户: 'see who is online',
  断开在线用户: 'disconnect users',
};
const action = (zh: string) => ACTIONS[zh] ?? label(zh)?.toLowerCase() ?? null;

type Rule = [RegExp, (m: RegExpMatchArray) => string | null];

/** A field's problem (the text after '：', and the per-field messages). */
const PROBLEMS: Rule[] = [
  [/^不能为空$/, () => 'cannot be empty'],
  [/^必填$/, () => 'is required'],
  [/^不存在$/, () => 'does not exist'],
  [/^不存在或已停用$/, () => 'does not exist or is disabled'],
  [/^不正确$/, () => 'is not correct'],
  [/^(.+)已停用$/, (m) => `${m[1]} is disabled`],
  [/^“(.+)”已停用$/, (m) => `“${m[1]}” is disabled`],
  [/^“(.+)”已存在$/, (m) => `“${m[1]}” already exists`],
  [/^“(.+)”已被商品“(.+)”使用$/, (m) => `“${m[1]}” is already used by the product “${m[2]}”`],
  [/^“(.+)”已被 (.+) 使用$/, (m) => `“${m[1]}” is already used by ${m[2]}`],
  [/^不能晚于今天$/, () => 'cannot be later than today'],
  [/^不能早于今天$/, () => 'cannot be earlier than today'],
  [/^不能早于开始日期$/, () => 'cannot be earlier than the start date'],
  [/^开始日期不能晚于结束日期$/, () => 'the start date cannot be later than the end date'],
  [/^不能与原密码相同$/, () => 'cannot be the same as the current password'],
  [/^不能与原业务员相同$/, () => 'cannot be the same salesperson'],
  [/^两次输入的密码不一致$/, () => 'the two passwords differ'],
  [/^不能超过 (\d+) 个字$/, (m) => `cannot be longer than ${m[1]} characters`],
  [/^必须是文字$/, () => 'must be text'],
  [/^必须是(整数)?编号$/, () => 'must be an id'],
  [/^必须是日期$/, () => 'must be a date'],
  [/^日期格式应为 YYYY-MM-DD$/, () => 'must be a date as YYYY-MM-DD'],
  [/^不是有效的日期$/, () => 'is not a valid date'],
  [/^必须是金额$/, () => 'must be an amount'],
  [/^不是有效的金额$/, () => 'is not a valid amount'],
  [/^金额最多两位小数（精确到分）$/, () => 'has at most two decimals (exact to the cent)'],
  [/^不能大于应付金额 (\S+)$/, (m) => `cannot be more than the amount due ${m[1]}`],
  [/^不能早于购买日期 (\S+)$/, (m) => `cannot be earlier than the purchase date ${m[1]}`],
  [/^年份不能为 0000$/, () => 'the year cannot be 0000'],
  [/^没有 (\d+) 月（月份为 01–12）$/, (m) => `there is no month ${m[1]} (months are 01–12)`],
  [
    /^(\S+) 不存在：(\d+) 年 (\d+) 月只有 (\d+) 天$/,
    (m) => `${m[1]} does not exist: ${m[2]}-${m[3].padStart(2, '0')} has ${m[4]} days`,
  ],
  [/^金额必须精确到分$/, () => 'must be exact to the cent'],
  [/^不能为负数$/, () => 'cannot be negative'],
  [/^金额过大$/, () => 'is too large'],
  [/^必须是(整数|数字)$/, () => 'must be a number'],
  [/^必须是整数天$|^必须是天数$/, () => 'must be a whole number of days'],
  [/^必须是小时数$/, () => 'must be a number of hours'],
  [/^必须是端口号$/, () => 'must be a port number'],
  [/^必须是.*是.*否.*$/, () => 'must be yes or no'],
  [/^电话号码格式不正确$/, () => 'is not a valid phone number'],
  [/^邮箱格式不正确$/, () => 'is not a valid e-mail address'],
  [/^时间格式不正确$/, () => 'is not a valid time'],
  [/^缺少版本号$|^缺少数据版本$/, () => 'the version is missing (reopen and try again)'],
  [/^每次最多取 (\d+) 行$/, (m) => `at most ${m[1]} rows at a time`],
  [/^含有无法保存的残缺字符.*$/, () => 'contains broken characters that cannot be saved; delete them and type again'],
  [/^请选择 管理员 或 业务员$/, () => 'choose Administrator or Salesperson'],
  [/^只能是 货款 或 年服务费$/, () => 'must be a payment for goods or an annual service fee'],
  [/^只能是 男、女 或不填$/, () => 'must be male, female or empty'],
  [/^请选择(.+)$/, (m) => `choose ${(label(m[1]) ?? m[1]).toLowerCase()}`],
  [/^同一行出现了两次$/, () => 'the same row appears twice'],
  [/^不能修改$/, () => 'cannot be changed'],
  [/^业务员只能为自己创建客户$/, () => 'a salesperson creates customers for themselves only'],
  [/^(.+)名下没有客户$/, (m) => `${m[1]} has no customers`],
  [/^所选客户已经属于(.+)$/, (m) => `the chosen customers already belong to ${m[1]}`],
  [/^(.+)不是业务员$/, (m) => `${m[1]} is not a salesperson`],
  [/^(.+)没有登录账号，无法代为跟踪$/, (m) => `${m[1]} has no login and cannot follow customers up`],
  [/^(.+)就是客户“(.+)”的业务员$/, (m) => `${m[1]} already is the salesperson of “${m[2]}”`],
  [/^(.+)没有登录账号，不需要密码$/, (m) => `${m[1]} has no login and needs no password`],
  [/^有登录账号的人员必须设置初始密码$|^设置登录账号时必须设置初始密码$/, () => 'a login needs an initial password'],
  // 交接 (db/handover/scope.ts).
  [/^请至少选择一位接收人$/, () => 'choose at least one colleague to receive them'],
  [/^同一位接收人不能选择两次$/, () => 'the same colleague cannot be chosen twice'],
  [/^最多选择 (\d+) 位接收人$/, (m) => `choose at most ${m[1]} colleagues`],
  [/^不能交接给(.+)本人$/, (m) => `cannot hand over to ${m[1]} themselves`],
  [
    /^(.+)不在您的部门：销售经理只能交接给本部门的人员$/,
    (m) => `${m[1]} is not in your department: a sales manager hands over to members of their department only`,
  ],
  [
    /^(.+)已停用，名下没有客户，也没有要收回的授权$/,
    (m) => `${m[1]} is disabled and has no customers and no delegations to revoke`,
  ],
  [/^文件是空的$/, () => 'the file is empty'],
  [/^文件不能超过 (\d+) MB$/, (m) => `the file cannot be larger than ${m[1]} MB`],
  [/^不是 Excel 工作簿.*$/, () => 'is not an Excel workbook (.xlsx); save an old .xls as .xlsx in Excel first'],
  [/^该购买记录已付清，没有欠款$/, () => 'this purchase is paid in full: nothing is owed'],
  [
    /^不能超过欠款 (\S+) 元（应付 (\S+)，已付 (\S+)）$/,
    (m) => `cannot be more than the ${m[1]} yuan owed (due ${m[2]}, paid ${m[3]})`,
  ],
  [
    /^不能大于应付金额（已付 (\S+)，应付 (\S+) = 数量 (\S+) × 单价 (\S+)）$/,
    (m) => `cannot be more than the amount due (paid ${m[1]}, due ${m[2]} = quantity ${m[3]} × unit price ${m[4]})`,
  ],
  [/^已有 (\d+) 笔货款收款$/, (m) => `${m[1]} payments for goods were already recorded`],
  [/^该购买记录没有服务截止期限.*$/, () => 'this purchase has no service end date; enter it under Purchases first'],
  // zod's own (zh-CN locale) wording.
  [/^无效输入：期望 (\S+)，实际接收 (\S+)$/, (m) => `invalid: expected ${m[1]}, received ${m[2]}`],
  [/^数值过小：期望 (\S+) >=(\S+)(.*)$/, (m) => `too small: at least ${m[2]}`],
  [/^数值过大：期望 (\S+) <=(\S+)(.*)$/, (m) => `too large: at most ${m[2]}`],
  [/^无效选项：期望以下之一 (.+)$/, (m) => `must be one of ${m[1]}`],
  [/^出现未知的键\(key\): (.+)$/, (m) => `unknown field ${m[1]}`],
  [/^无效字符串.*$/, () => 'has the wrong format'],
];

/** Whole sentences. */
const SENTENCES: Rule[] = [
  [/^(.+)不存在，或您无权查看$/, (m) => `${label(m[1]) ?? m[1]} does not exist or is not visible to you`],
  [/^只有管理员可以(.+)$/, (m) => `Only an administrator may ${action(m[1]) ?? m[1]}`],
  [
    /^(.+?)“(.+)”已被其他人修改，请关闭后重新打开再编辑$/,
    (m) => `${label(m[1]) ?? m[1]} “${m[2]}” was changed by someone else: close it and open it again to edit`,
  ],
  [
    /^客户“(.+)”是授权给您代管的，不能(.+)$/,
    (m) => `Customer “${m[1]}” is delegated to you: you cannot ${action(m[2]) ?? m[2]}`,
  ],
  [/^客户“(.+)”已被删除$/, (m) => `Customer “${m[1]}” was deleted`],
  [/^客户“(.+)”没有被删除$/, (m) => `Customer “${m[1]}” is not deleted`],
  [
    /^客户“(.+)”已授权给(.+)，请先收回原授权$/,
    (m) => `Customer “${m[1]}” is already delegated to ${m[2]}: revoke that delegation first`,
  ],
  [/^对(.+)的授权已经收回$/, (m) => `The delegation to ${m[1]} was already revoked`],
  [/^对(.+)的授权已过期，无需收回$/, (m) => `The delegation to ${m[1]} has expired; there is nothing to revoke`],
  [
    /^(.+)是最后一位在职的管理员，不能(.+)$/,
    (m) => `${m[1]} is the last active administrator: you cannot ${action(m[2]) ?? m[2]}`,
  ],
  [
    /^不能(.+)自己的账号，请由其他管理员操作$/,
    (m) => `You cannot ${action(m[1]) ?? m[1]} your own account; ask another administrator`,
  ],
  [
    /^(.+)已有客户或操作记录，不能删除；请改为停用$/,
    (m) => `${m[1]} has customers or log entries and cannot be deleted; disable them instead`,
  ],
  [
    /^“(.+)”下还有 (\d+) 个客户（含已删除的），不能删除$/,
    (m) => `“${m[1]}” still has ${m[2]} customers (deleted ones included) and cannot be deleted`,
  ],
  [/^只有管理员或销售经理可以办理交接$/, () => 'Only an administrator or a sales manager may hand customers over'],
  [
    /^(.+)不在您的部门：销售经理只能为本部门的业务员办理交接$/,
    (m) => `${m[1]} is not in your department: a sales manager hands over the salespeople of their department only`,
  ],
  [
    /^(.+)是(管理员|销售经理)：销售经理只能为业务员办理交接，请由管理员办理$/,
    (m) =>
      `${m[1]} is ${m[2] === '管理员' ? 'an administrator' : 'a sales manager'}: a sales manager hands over salespeople only; ask an administrator`,
  ],
  [
    /^不能为自己办理交接，请由管理员或您的销售经理办理$/,
    () => 'You cannot hand over your own customers; ask an administrator or your sales manager',
  ],
  [/^至少要保留一个客户状态$/, () => 'At least one customer status must remain'],
  [
    /^商品大类“(.+)”下还有 (\d+) 个商品（含停售的），不能删除$/,
    (m) => `Product category “${m[1]}” still has ${m[2]} products (stopped ones included) and cannot be deleted`,
  ],
  [
    /^商品“(.+)”已用于 (.+)，不能删除；可以改为停售$/,
    (m) => `Product “${m[1]}” is used in ${m[2]} and cannot be deleted; stop selling it instead`,
  ],
  [
    /^供应商“(.+)”还有 (\d+) 个商品，不能删除；可以改为停用$/,
    (m) => `Supplier “${m[1]}” still has ${m[2]} products and cannot be deleted; disable it instead`,
  ],
  [
    /^该购买记录已被其他人修改（或刚刚收过款），请刷新后再收款（本次收款没有保存）$/,
    () =>
      'This purchase was changed by someone else (or just paid): refresh and record the payment again (this one was not saved)',
  ],
  [/^请求过于频繁，请稍后再试$/, () => 'Too many requests: please try again in a moment'],
  [/^同时进行的请求过多，请稍后再试$/, () => 'Too many requests at once: please try again in a moment'],
  [/^系统已有管理员，请直接登录$/, () => 'There is already an administrator: please log in'],
  [/^登录账号或密码不正确$/, () => 'Wrong login or password'],
  [/^该账号已停用，请联系管理员$/, () => 'This account is disabled; ask an administrator'],
  [/^数据库正忙，请稍后再试$/, () => 'The database is busy; please try again in a moment'],
  [/^数据不符合规则：(.+)$/, (m) => `The data breaks a rule: ${m[1]}`],
  [/^磁盘空间已满.*$/, () => 'The disk is full: nothing was written; free some space and try again'],
  [
    /^数据库文件是只读的.*$/,
    () => 'The database file is read-only: nothing was written; check the permissions and try again',
  ],
];

const GENERIC: Record<string, string> = {
  bad_input: 'The input was refused',
  unknown_method: 'Unknown operation',
  unauthenticated: 'Please log in again',
  forbidden: 'Not allowed',
  not_found: 'Not found, or not visible to you',
  conflict: 'Someone else changed this meanwhile',
  duplicate: 'A customer with this keyword exists',
  internal: 'Something went wrong; nothing was written',
};

const HAN = /\p{Script=Han}/u;
/** Chinese outside of “quotes” (names the user typed are not ours to translate). */
const untranslated = (s: string) => HAN.test(s.replace(/“[^”]*”/g, ''));

function apply(rules: Rule[], text: string): string | null {
  for (const [re, to] of rules) {
    const m = text.match(re);
    if (m) {
      const out = to(m);
      if (out !== null) return out;
    }
  }
  return null;
}

/** One field's problem in English, or null. */
export function problemToEnglish(text: string): string | null {
  return apply(PROBLEMS, text.trim());
}

/** '新增第 2 行 电话' → 'New row 2, Phone'. */
function whereToEnglish(where: string): string | null {
  const out: string[] = [];
  // '新增第 2 行' (the router words a row with spaces around its number), then the field's label.
  const row = where.trim().match(/^(\S*?)第\s*(\d+)\s*行\s*(.*)$/);
  const rest = row ? row[3] : where;
  const kinds: Record<string, string> = { 新增: 'New', 修改: 'Changed', 删除: 'Deleted' };
  if (row) out.push(`${row[1] ? `${kinds[row[1]] ?? label(row[1]) ?? row[1]} ` : ''}row ${row[2]}`);
  for (const p of rest.split(/\s+/).filter(Boolean)) {
    if (label(p)) out.push(label(p)!);
    else return null;
  }
  return out.join(', ');
}

function sentenceToEnglish(part: string): string | null {
  const whole = apply(SENTENCES, part);
  if (whole) return whole;
  const colon = part.indexOf('：');
  if (colon > 0) {
    const where = whereToEnglish(part.slice(0, colon));
    const rest = part.slice(colon + 1);
    // A problem already in English (the renderer's own checks, localized) stays as it is.
    const problem = untranslated(rest) ? (problemToEnglish(rest) ?? sentenceToEnglish(rest)) : rest.trim();
    if (where && problem) return `${where}: ${problem}`;
  }
  return problemToEnglish(part);
}

/** A data-side message in English; what no rule knows gets the code's sentence first. */
export function messageToEnglish(message: string, code: AppErrorShape['code']): string {
  if (!untranslated(message)) return message;
  const parts = message.split('；');
  const english = parts.map((p) => sentenceToEnglish(p.trim()));
  if (english.every((e) => e !== null)) return english.join('; ');
  return `${GENERIC[code] ?? GENERIC.internal}: ${parts.map((p, i) => english[i] ?? p).join('; ')}`;
}

/** The error as the user should read it in the chosen language. */
export function localizeError(error: AppErrorShape, language: string): AppErrorShape {
  if (!language.startsWith('en')) return error;
  const fields = error.fields
    ? Object.fromEntries(
        Object.entries(error.fields).map(([k, v]) => [k, untranslated(v) ? (problemToEnglish(v) ?? v) : v]),
      )
    : undefined;
  return { ...error, message: messageToEnglish(error.message, error.code), ...(fields ? { fields } : {}) };
}
