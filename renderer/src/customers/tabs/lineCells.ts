/**
 * What the 售前报价 and 购买情况 tabs share: money and quantity cells of the draft grid, the live
 * checks of a line, and the refusal of a save with a line the server could not read.
 *
 * A money cell holds integer cents; while what was typed is not an amount ('12.345', 'abc') the
 * cell keeps the text, so the user sees it marked with the reason and can correct it.
 */
import type { z } from 'zod';
import type { Labels } from '../../../../core/contract/common';
import { formatMoney, MAX_CENTS, multiplyCents, parseMoney } from '../../../../core/money';
import i18next from 'i18next';
import { CallError } from '../../api/client';
import { localizeError } from '../../i18n/serverText';
import type { DraftColumn } from '../../drafts/DraftGrid';
import { useMessages } from '../../messages/messagesStore';

/** Cents, or the text typed when it is not an amount. */
export type MoneyCell = number | string;
/** A whole number, or the text typed when it is not one. */
export type QuantityCell = number | string;

/** Amounts as shown: '12,800.00'. */
export const yuan = (cents: number) => formatMoney(cents, { grouping: true });

/** 数量 × price in cents, or null while either is not a number or the product is too large. */
export function lineAmount(quantity: QuantityCell, priceCents: MoneyCell): number | null {
  if (typeof quantity !== 'number' || typeof priceCents !== 'number') return null;
  if (!Number.isSafeInteger(quantity) || !Number.isSafeInteger(priceCents)) return null;
  if (quantity * priceCents > MAX_CENTS || quantity < 0 || priceCents < 0) return null;
  return multiplyCents(priceCents, quantity);
}

/** Text typed in a money cell → cents, or the text itself when it is not an amount. */
export function moneyFromText(text: unknown, empty?: number): MoneyCell {
  const s = String(text ?? '');
  const r = parseMoney(s, { empty });
  return r.ok ? r.cents : s;
}

/** Why a money cell's text is not an amount. */
export function moneyProblem(value: MoneyCell): string | null {
  if (typeof value === 'number') return null;
  const r = parseMoney(value);
  return r.ok ? null : r.error;
}

/** Text typed in a 数量 cell → a whole number (negative too: the check names it), or the text. */
export function quantityFromText(text: unknown): QuantityCell {
  const s = String(text ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/,/g, '');
  return /^[+-]?\d{1,9}$/.test(s) ? Number(s) : s;
}

/** A money column: edited as '12800.00', shown as '12,800.00', right-aligned. */
export function moneyColumn<T>(
  field: keyof T & string,
  header: string,
  opts: {
    width?: number;
    editable?: boolean;
    required?: boolean;
    empty?: number;
    classRules?: DraftColumn<T>['classRules'];
  } = {},
): DraftColumn<T> {
  return {
    field,
    header,
    width: opts.width ?? 110,
    required: opts.required,
    editor: opts.editable === false ? undefined : 'text',
    fold: true,
    maxLength: 20,
    toCell: (v) => (typeof v === 'number' ? formatMoney(v) : String(v ?? '')),
    fromCell: (cell) => moneyFromText(cell, opts.empty),
    format: (cell) => {
      // Computed cells may go below zero (已付 typed above 应付): shown, and the line is marked.
      const r = parseMoney(String(cell ?? ''), { allowNegative: true });
      return r.ok && String(cell ?? '') !== '' ? yuan(r.cents) : String(cell ?? '');
    },
    classRules: { 'line-money': () => true, ...opts.classRules },
  };
}

/** A 数量 column: a whole number, right-aligned. */
export function quantityColumn<T>(field: keyof T & string, header: string): DraftColumn<T> {
  return {
    field,
    header,
    width: 72,
    required: true,
    editor: 'text',
    fold: true,
    maxLength: 10,
    toCell: (v) => String(v ?? ''),
    fromCell: quantityFromText,
    classRules: { 'line-money': () => true },
  };
}

/**
 * The live check of a line: the contract's row schema over what '保存' sends, with the reason a
 * money or 数量 cell's text is not a number in place of the schema's "必须是金额".
 */
export function lineProblems(
  sent: Record<string, unknown>,
  schema: z.ZodType,
  moneyFields: readonly string[],
  quantityFields: readonly string[],
): Record<string, string> {
  const r = schema.safeParse(sent);
  const out: Record<string, string> = r.success
    ? {}
    : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? '_row'), i.message]));
  for (const f of moneyFields) {
    const problem = moneyProblem(sent[f] as MoneyCell);
    if (problem) out[f] = problem;
  }
  for (const f of quantityFields) if (typeof sent[f] === 'string') out[f] = '必须是整数';
  // The words are the data side's (the same checks run there); shown in the chosen language.
  const shown = localizeError({ code: 'bad_input', message: '', fields: out }, i18next.language ?? 'zh-CN');
  return shown.fields ?? out;
}

/**
 * Before '保存' sends the batch: a line whose cells are not amounts or numbers is refused here,
 * in the words the server uses ('新增第 2 行 报价：金额最多两位小数（精确到分）'), and reported to
 * the Message pane as the save's failure. Throws the same error a refused save would.
 */
export function refuseInvalidLines<P extends object>(
  batch: { created: P[]; updated: P[] },
  check: (row: P) => Record<string, string>,
  labels: Labels,
  action: string,
): void {
  const fields: Record<string, string> = {};
  const parts: string[] = [];
  for (const kind of ['created', 'updated'] as const) {
    batch[kind].forEach((row, i) => {
      // A changed line carries its id and version too; the check is of its fields.
      const { id: _id, version: _version, ...values } = row as P & { id?: number; version?: number };
      for (const [f, message] of Object.entries(check(values as P))) {
        fields[`${kind}.${i}.${f}`] = message;
        parts.push(`${kind === 'created' ? '新增' : '修改'}第 ${i + 1} 行 ${labels[f] ?? f}：${message}`);
      }
    });
  }
  if (!parts.length) return;
  const error = localizeError({ code: 'bad_input', message: parts.join('；'), fields }, i18next.language ?? 'zh-CN');
  useMessages.getState().add(action, false, error.message);
  throw new CallError(error);
}
