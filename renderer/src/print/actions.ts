/**
 * The product's printouts: each gathers its data through the ordinary API (so it shows exactly
 * what the user may see), then opens the print preview. The preview's '打印' calls window.print():
 * Electron opens the system print dialog, the browser mode the browser's — one path for both.
 */
import i18next from 'i18next';
import {
  customerSortFields,
  type CustomerRow,
  type HandoverSheetRow,
  type Input,
  type InstalmentDueRow,
  type InstalmentView,
} from '../../../core/contract';
import { call, errorText } from '../api/client';
import { choiceDialog } from '../components/questionStore';
import { useFees } from '../fees/feesStore';
import { useMessages } from '../messages/messagesStore';
import { useSession } from '../session/sessionStore';
import { usePrint, type PrintStamp } from './printStore';
import { localMinute } from '../../../core/contract/dates';

/** At most this many customers on a printed list: beyond that, paper is the wrong tool. */
export const PRINT_LIST_LIMIT = 5000;
/** At most this many 客户资料卡 at once (one per page). */
export const PRINT_CARDS_LIMIT = 100;
const BLOCK = 1000;

const t = (key: string, opts?: Record<string, unknown>) => i18next.t(key, opts);
async function stamp(): Promise<PrintStamp> {
  const company = await call('settings.get');
  return {
    company,
    printedBy: useSession.getState().user?.name ?? '',
    printedAt: localMinute(new Date().toISOString()),
  };
}

/** A printout given up on purpose (the user's answer, or nothing to print): said in Message, no preview. */
class NotPrinted extends Error {}

/** Whether this window already asked for 公司信息 (it asks once, at the first print without it). */
let companyAsked = false;

/**
 * The first print without 公司信息 (the company name on every sheet's head) asks for it: an
 * administrator may fill it in now (系统 › 公司信息 opens; print again afterwards) or print
 * without; a salesperson is told who fills it in. Later prints in this window do not ask again.
 */
async function checkCompany(): Promise<void> {
  if (companyAsked) return;
  const company = await call('settings.get');
  if (company.companyName.trim()) return;
  companyAsked = true;
  const admin = useSession.getState().user?.role === 'admin';
  const answer = await choiceDialog(
    t('print.companyTitle'),
    t(admin ? 'print.companyAskAdmin' : 'print.companyAskSales'),
    admin
      ? [
          { value: 'fill', label: t('print.companyFill') },
          { value: 'print', label: t('print.companyPrintAnyway') },
        ]
      : [{ value: 'print', label: t('print.companyPrintAnyway') }],
  );
  if (answer === 'print') return;
  if (answer === 'fill') useFees.getState().set({ companyOpen: true });
  throw new NotPrinted(t(answer === 'fill' ? 'print.companyFillFirst' : 'print.cancelled'));
}

/**
 * Printing from a grid with a selection asks what to print: '所选 N 行' or '全部'. Resolves
 * 'selected', 'all', or throws NotPrinted when the question is cancelled.
 */
async function askScope(selected: number): Promise<'selected' | 'all'> {
  const answer = await choiceDialog(t('print.scopeTitle'), t('print.scopeMessage', { n: selected }), [
    { value: 'selected', label: t('print.scopeSelected', { n: selected }) },
    { value: 'all', label: t('print.scopeAll') },
  ]);
  if (answer === 'selected' || answer === 'all') return answer;
  throw new NotPrinted(t('print.cancelled'));
}

/**
 * Runs a printout's loading; a failure goes to Message as '打印… 失败 <reason>', a printout given
 * up (cancelled, nothing to print) as its reason.
 */
async function preparing(action: string, load: () => Promise<void>): Promise<boolean> {
  try {
    await checkCompany();
    await load();
    return true;
  } catch (err) {
    if (err instanceof NotPrinted) {
      useMessages.getState().add(action, false, err.message, true);
      return false;
    }
    useMessages.getState().add(action, false, errorText(err));
    return false;
  }
}

/** 催缴单 of one customer: purchases in arrears and annual fees due within `days` (null: the office's N). */
export function printReminder(customerId: number, days: number | null = null): Promise<boolean> {
  return preparing(t('print.action.reminder'), async () => {
    const [slip, s] = await Promise.all([call('fees.reminder', { customerId, days }), stamp()]);
    usePrint.getState().open({ ...s, kind: 'reminder', slip });
  });
}

/** Tab 9's 回款计划 list as shown (its view and 业务员), up to PRINT_LIST_LIMIT rows. */
export function printInstalments(
  view: InstalmentView,
  ownerId: number | null,
  ownerName: string | null,
): Promise<boolean> {
  return preparing(t('instalments.printAction'), async () => {
    const rows: InstalmentDueRow[] = [];
    let total = 0;
    let openCents = 0;
    let range = '';
    for (let offset = 0; offset < PRINT_LIST_LIMIT; offset += BLOCK) {
      const page = await call('instalments.due', {
        view,
        ownerId,
        offset,
        limit: Math.min(BLOCK, PRINT_LIST_LIMIT - offset),
        withTotal: offset === 0,
      });
      if (offset === 0) {
        total = page.totals?.count ?? 0;
        openCents = page.totals?.openCents ?? 0;
        range =
          page.from && page.to
            ? t('instalments.range', { from: page.from, to: page.to })
            : page.to
              ? t('instalments.rangeUntil', { to: page.to })
              : t('instalments.rangeAll');
      }
      rows.push(...page.rows);
      if (page.rows.length < BLOCK || rows.length >= total) break;
    }
    if (total === 0) throw new NotPrinted(t('instalments.none'));
    const filter = [range, ownerName ? `${t('instalments.owner')}：${ownerName}` : ''].filter(Boolean).join('；');
    usePrint.getState().open({
      ...(await stamp()),
      kind: 'instalments',
      title: `${t('instalments.printTitle')} — ${t(`instalments.views.${view}`)}`,
      filter,
      rows,
      total,
      openCents,
    });
  });
}

/** 交接单 of a 交接: its head and the first PRINT_LIST_LIMIT customers, read in blocks of 1,000. */
export function printHandover(handoverId: number): Promise<boolean> {
  return preparing(t('handover.printAction'), async () => {
    const first = await call('handover.sheet', { handoverId, offset: 0, limit: BLOCK });
    const rows: HandoverSheetRow[] = [...first.rows];
    while (rows.length < Math.min(first.head.customers, PRINT_LIST_LIMIT)) {
      const next = await call('handover.sheet', {
        handoverId,
        offset: rows.length,
        limit: Math.min(BLOCK, PRINT_LIST_LIMIT - rows.length),
      });
      if (!next.rows.length) break;
      rows.push(...next.rows);
    }
    usePrint.getState().open({ ...(await stamp()), kind: 'handover', head: first.head, rows });
  });
}

export type CustomerListQuery = Pick<Input<'customers.page'>, 'statusId' | 'search' | 'deleted' | 'pool' | 'sort'>;

/** The grid's sort, from its column state (AG Grid's api.getColumnState()). */
export function gridSort(
  api: { getColumnState(): { colId: string; sort?: 'asc' | 'desc' | null }[] } | null | undefined,
): CustomerListQuery['sort'] {
  const col = api?.getColumnState().find((c) => c.sort);
  const field = customerSortFields.find((f) => f === col?.colId);
  return field && col?.sort ? { field, dir: col.sort } : null;
}

const SORT_LABEL: Record<string, string> = {
  name: 'col.name',
  keyword: 'col.keyword',
  statusName: 'col.status',
  ownerName: 'col.owner',
  createdOn: 'col.createdOn',
  phone: 'col.phone',
  region: 'col.region',
};

/**
 * The customer list as the grid shows it (客户状态, 快速搜索, sort, recycle bin) — the first
 * PRINT_LIST_LIMIT rows, read in blocks of 1,000 through customers.page. With customers selected
 * in the grid it asks first: '所选 N 行' (those, in the grid's order) or '全部'.
 */
export function printCustomerList(q: CustomerListQuery, selected: CustomerRow[] = []): Promise<boolean> {
  return preparing(t('print.action.list'), async () => {
    if (selected.length && (await askScope(selected.length)) === 'selected') {
      usePrint.getState().open({
        ...(await stamp()),
        kind: 'customers',
        title: q.deleted ? t('menu.recycleBin') : t('print.listTitle'),
        filter: t('print.filterSelected', { n: selected.length }),
        rows: selected.slice(0, PRINT_LIST_LIMIT),
        total: selected.length,
      });
      return;
    }
    const first = await call('customers.page', { ...q, offset: 0, limit: BLOCK, withTotal: true });
    const total = first.total ?? first.rows.length;
    const rows: CustomerRow[] = [...first.rows];
    while (rows.length < Math.min(total, PRINT_LIST_LIMIT)) {
      const next = await call('customers.page', {
        ...q,
        offset: rows.length,
        limit: Math.min(BLOCK, PRINT_LIST_LIMIT - rows.length),
      });
      if (!next.rows.length) break;
      rows.push(...next.rows);
    }
    let statusName = q.pool ? t('pool.node') : t('status.all');
    if (q.statusId) {
      const tree = await call('statuses.tree');
      statusName = tree.statuses.find((s) => s.id === q.statusId)?.name ?? String(q.statusId);
    }
    const parts = [t('print.filterStatus', { name: statusName })];
    if (q.search) parts.push(t('print.filterSearch', { text: q.search }));
    if (q.sort) {
      parts.push(
        t('print.filterSort', {
          field: t(SORT_LABEL[q.sort.field]),
          dir: t(q.sort.dir === 'asc' ? 'print.asc' : 'print.desc'),
        }),
      );
    }
    usePrint.getState().open({
      ...(await stamp()),
      kind: 'customers',
      title: q.deleted ? t('menu.recycleBin') : t('print.listTitle'),
      filter: parts.join(t('print.filterSeparator')),
      rows: rows.slice(0, PRINT_LIST_LIMIT),
      total,
    });
  });
}

/** 客户资料卡: the customers' details and contacts, one customer per A4 page. */
export function printCustomerCards(customerIds: number[]): Promise<boolean> {
  return preparing(t('print.action.cards'), async () => {
    const ids = customerIds.slice(0, PRINT_CARDS_LIMIT);
    const cards = await Promise.all(
      ids.map(async (id) => {
        const [customer, contacts] = await Promise.all([
          call('customers.get', { id }),
          call('contacts.list', { customerId: id }),
        ]);
        return { customer, contacts: contacts.rows };
      }),
    );
    usePrint.getState().open({ ...(await stamp()), kind: 'cards', cards });
  });
}

/**
 * 报价单 of a customer: its 售前报价 lines, with the total (and in 人民币大写). With lines selected
 * in the 售前报价 tab it asks first: '所选 N 行' or '全部'. A customer without quotes gets no
 * empty sheet: Message says there is nothing to print.
 */
export function printQuoteSheet(customerId: number, quoteIds?: number[]): Promise<boolean> {
  return preparing(t('print.action.quotes'), async () => {
    const [customer, list, contacts] = await Promise.all([
      call('customers.get', { id: customerId }),
      call('quotes.list', { customerId }),
      call('contacts.list', { customerId }),
    ]);
    if (!list.rows.length) throw new NotPrinted(t('print.noQuotesToPrint', { name: customer.name }));
    const some = quoteIds?.length && quoteIds.length < list.rows.length ? quoteIds : null;
    const wanted = some && (await askScope(some.length)) === 'selected' ? new Set(some) : null;
    const quotes = list.rows.filter((q) => !wanted || wanted.has(q.id));
    const contact = contacts.rows.find((c) => c.isPrimary) ?? contacts.rows[0] ?? null;
    usePrint.getState().open({ ...(await stamp()), kind: 'quotes', customer, contact, quotes });
  });
}
