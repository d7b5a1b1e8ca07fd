import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_FEE_WINDOW_DAYS,
  type ArrearsPage,
  type ArrearsSortField,
  type FeeDuePage,
  type PurchaseDue,
  type StaffOption,
} from '../../../core/contract';
import { dateProblem } from '../../../core/input';
import { formatMoney } from '../../../core/money';
import { DateInput } from '../components/DateInput';
import { CallError, call } from '../api/client';
import { ExportButton } from '../export/ExportButton';
import { openPaymentDialog } from './PaymentDialog';
import { printReminder } from '../print/actions';
import { useFees } from './feesStore';
import { useSession } from '../session/sessionStore';
import './fees.css';
import { useChanges } from '../api/live';

/** Rows per page of either view. */
const PAGE = 100;

const money = (cents: number) => formatMoney(cents, { grouping: true });
const messageOf = (err: unknown) => (err instanceof CallError ? err.error.message : String(err));

/**
 * Area 9 (年费催缴/欠款统计, manual 2.7) over every customer the user may see, not just the one
 * selected: the annual fees falling due within N days (or overdue), and the customers in arrears,
 * each expanding to its purchases. 收款 and 催缴单 from any row.
 */
export function FeesTab() {
  const { t } = useTranslation();
  const view = useFees((s) => s.view);
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [staff, setStaff] = useState<StaffOption[]>([]);
  useEffect(() => {
    if (isAdmin)
      call('staff.options')
        .then(setStaff)
        .catch(() => undefined);
  }, [isAdmin]);
  const choose = (v: 'due' | 'arrears') => useFees.getState().set({ view: v });
  return (
    <div className="fees-tab">
      <div className="fees-views" role="group" aria-label={t('tabs.fees')}>
        <button type="button" aria-pressed={view === 'due'} onClick={() => choose('due')}>
          {t('fees.dueView')}
        </button>
        <button type="button" aria-pressed={view === 'arrears'} onClick={() => choose('arrears')}>
          {t('fees.arrearsView')}
        </button>
      </div>
      {view === 'due' ? <DueView staff={isAdmin ? staff : null} /> : <ArrearsView staff={isAdmin ? staff : null} />}
    </div>
  );
}

/** 业务员 filter, for the administrator (a salesperson sees their own customers anyway). */
function OwnerFilter({ staff }: { staff: StaffOption[] | null }) {
  const { t } = useTranslation();
  const ownerId = useFees((s) => s.ownerId);
  if (!staff) return null;
  return (
    <label className="fees-filter">
      {t('fees.owner')}
      <select
        value={ownerId ?? ''}
        onChange={(e) => useFees.getState().set({ ownerId: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('fees.allOwners')}</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One end of a date range: typed as text, applied once it is empty or a real date. */
function RangeEnd(props: { label: string; value: string; min?: string; max?: string; onChange(v: string): void }) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  return (
    <DateInput
      aria-label={props.label}
      value={text}
      min={props.min}
      max={props.max}
      onChange={(v) => {
        setText(v);
        if (v === '' || !dateProblem(v)) props.onChange(v);
      }}
    />
  );
}

/** A date range: '<label> [from] 至 [to]', both ends optional. */
function DateRange(props: { label: string; from: string; to: string; onChange(from: string, to: string): void }) {
  const { t } = useTranslation();
  return (
    <span className="fees-filter" role="group" aria-label={props.label}>
      {props.label}
      <RangeEnd
        label={t('fees.rangeFrom', { label: props.label })}
        value={props.from}
        max={props.to || undefined}
        onChange={(v) => props.onChange(v, props.to)}
      />
      {t('fees.rangeTo')}
      <RangeEnd
        label={t('fees.rangeUntil', { label: props.label })}
        value={props.to}
        min={props.from || undefined}
        onChange={(v) => props.onChange(props.from, v)}
      />
    </span>
  );
}

function Pager({ pageNo, total, onPage }: { pageNo: number; total: number; onPage(n: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / PAGE));
  if (pages <= 1) return null;
  return (
    <nav className="fees-pager" aria-label={t('fees.pager')}>
      <button type="button" disabled={pageNo === 0} onClick={() => onPage(pageNo - 1)}>
        {t('fees.prev')}
      </button>
      <span>{t('fees.page', { n: pageNo + 1, of: pages })}</span>
      <button type="button" disabled={pageNo + 1 >= pages} onClick={() => onPage(pageNo + 1)}>
        {t('fees.next')}
      </button>
    </nav>
  );
}

/** The page number for the current filter: a changed filter starts again at page 1. */
function usePageFor(filterKey: string): [number, (n: number) => void] {
  const [page, setPage] = useState({ key: filterKey, no: 0 });
  return [page.key === filterKey ? page.no : 0, (no) => setPage({ key: filterKey, no })];
}

/** Loads whenever the inputs change or fees, purchases or payments changed anywhere. */
function useLoaded<T>(key: string, load: () => Promise<T>): { data: T | null; error: string; loading: boolean } {
  const revision = useChanges(['fees', 'purchases', 'payments', 'customers']);
  const [state, setState] = useState<{ key: string; data: T | null; error: string }>({
    key: '',
    data: null,
    error: '',
  });
  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setState({ key, data, error: '' }))
      .catch((err) => live && setState({ key, data: null, error: messageOf(err) }));
    return () => {
      live = false;
    };
    // `load` is rebuilt every render; `key` says everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision]);
  return { data: state.data, error: state.error, loading: state.key !== key };
}

function TableShell(props: {
  toolbar: ReactNode;
  error: string;
  loading: boolean;
  summary: ReactNode;
  pager: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="fees-view">
      <div className="fees-toolbar">{props.toolbar}</div>
      {props.error && (
        <div className="form-error" role="alert">
          {props.error}
        </div>
      )}
      <div className="fees-table-wrap" aria-busy={props.loading}>
        {props.children}
      </div>
      <div className="fees-footer">
        <span className="fees-summary" aria-live="polite">
          {props.summary}
        </span>
        {props.pager}
      </div>
    </div>
  );
}

/** 年费催缴: flagged annual fees with 服务截止期限 within N days or passed, soonest first. */
function DueView({ staff }: { staff: StaffOption[] | null }) {
  const { t } = useTranslation();
  const { days, ownerId, dueFrom, dueTo } = useFees();
  const [daysText, setDaysText] = useState<string | null>(null);
  const filterKey = JSON.stringify([days, ownerId, dueFrom, dueTo]);
  const [pageNo, setPageNo] = usePageFor(filterKey);
  const { data, error, loading } = useLoaded<FeeDuePage>(`${filterKey}/${pageNo}`, () =>
    call('fees.due', {
      days,
      ownerId,
      from: dueFrom || null,
      to: dueTo || null,
      offset: pageNo * PAGE,
      limit: PAGE,
      withTotal: true,
    }),
  );
  const shownDays = daysText ?? (days !== null ? String(days) : data ? String(data.days) : '');
  const onDays = (text: string) => {
    setDaysText(text);
    const n = Number(text);
    if (text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_FEE_WINDOW_DAYS) {
      useFees.getState().set({ days: n });
    }
  };
  const daysInvalid = daysText !== null && daysText !== String(days ?? data?.days ?? '');
  const totals = data?.totals;

  return (
    <TableShell
      error={error}
      loading={loading}
      toolbar={
        <>
          <label className="fees-filter">
            {t('fees.days')}
            <input
              type="number"
              className="days-input"
              min={0}
              max={MAX_FEE_WINDOW_DAYS}
              value={shownDays}
              aria-invalid={daysInvalid}
              onChange={(e) => onDays(e.target.value)}
              onBlur={() => setDaysText(null)}
            />
            {t('fees.daysSuffix')}
          </label>
          <OwnerFilter staff={staff} />
          <DateRange
            label={t('fees.serviceEndOn')}
            from={dueFrom}
            to={dueTo}
            onChange={(from, to) => useFees.getState().set({ dueFrom: from, dueTo: to })}
          />
          <ExportButton
            request={{ grid: 'feesDue', query: { days, ownerId, from: dueFrom || null, to: dueTo || null } }}
          />
        </>
      }
      summary={
        totals &&
        data &&
        (totals.count === 0
          ? ''
          : t('fees.dueSummary', {
              count: totals.count,
              overdue: totals.overdueCount,
              fee: money(totals.feeCents),
              days: data.days,
            }))
      }
      pager={<Pager pageNo={pageNo} total={totals?.count ?? 0} onPage={setPageNo} />}
    >
      <table className="simple-table fees-table" aria-label={t('fees.dueView')}>
        <thead>
          <tr>
            <th>{t('fees.customer')}</th>
            <th>{t('fees.product')}</th>
            <th className="num">{t('fees.annualFee')}</th>
            <th>{t('fees.serviceEndOn')}</th>
            <th className="num">{t('fees.daysLeft')}</th>
            <th>{t('fees.owner')}</th>
            <th>{t('fees.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((r) => (
            <tr key={r.purchaseId} className={r.daysLeft < 0 ? 'fee-overdue' : r.daysLeft === 0 ? 'fee-today' : ''}>
              <td>{r.customerName}</td>
              <td>
                {r.productName}
                <span className="muted">（{r.productCode}）</span>
              </td>
              <td className="num">{money(r.annualFeeCents)}</td>
              <td>{r.serviceEndOn}</td>
              {/* '已逾期 16 天', '今天到期', '16 天后到期' — never a bare '-16'. */}
              <td className="num days-left">
                {r.daysLeft < 0
                  ? t('fees.overdueBy', { n: -r.daysLeft })
                  : r.daysLeft === 0
                    ? t('fees.dueToday')
                    : t('fees.dueIn', { n: r.daysLeft })}
              </td>
              <td>{r.ownerName}</td>
              <td>
                <div className="fees-actions">
                  <button
                    type="button"
                    className="small"
                    onClick={() => void openPaymentDialog(r.purchaseId, { kind: 'annual_fee' })}
                  >
                    {t('fees.pay')}
                  </button>
                  <button type="button" className="small" onClick={() => void printReminder(r.customerId, data.days)}>
                    {t('fees.reminderSlip')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {t('fees.noneDue', { days: data.days })}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </TableShell>
  );
}

const SORTABLE: { field: ArrearsSortField; label: string; num?: boolean }[] = [
  { field: 'customerName', label: 'fees.customer' },
  { field: 'dueCents', label: 'fees.dueTotal', num: true },
  { field: 'paidCents', label: 'fees.paidTotal', num: true },
  { field: 'arrearsCents', label: 'fees.arrearsTotal', num: true },
  { field: 'earliestOn', label: 'fees.earliestOn' },
  { field: 'ownerName', label: 'fees.owner' },
  { field: 'purchaseCount', label: 'fees.purchaseCount', num: true },
];

/** 欠款统计: customers with purchases in arrears, their sums and the grand totals; rows expand. */
function ArrearsView({ staff }: { staff: StaffOption[] | null }) {
  const { t } = useTranslation();
  const { ownerId, arrearsFrom, arrearsTo } = useFees();
  const [sort, setSort] = useState<{ field: ArrearsSortField; dir: 'asc' | 'desc' }>({
    field: 'arrearsCents',
    dir: 'desc',
  });
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const filterKey = JSON.stringify([ownerId, arrearsFrom, arrearsTo, sort]);
  const [pageNo, setPageNo] = usePageFor(filterKey);
  const { data, error, loading } = useLoaded<ArrearsPage>(`${filterKey}/${pageNo}`, () =>
    call('fees.arrears', {
      ownerId,
      from: arrearsFrom || null,
      to: arrearsTo || null,
      sort,
      offset: pageNo * PAGE,
      limit: PAGE,
      withTotal: true,
    }),
  );
  const totals = data?.totals;
  const toggle = (id: number) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const sortBy = (field: ArrearsSortField) =>
    setSort((s) =>
      s.field === field
        ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { field, dir: field === 'customerName' || field === 'ownerName' || field === 'earliestOn' ? 'asc' : 'desc' },
    );

  return (
    <TableShell
      error={error}
      loading={loading}
      toolbar={
        <>
          <OwnerFilter staff={staff} />
          <DateRange
            label={t('fees.purchasedOn')}
            from={arrearsFrom}
            to={arrearsTo}
            onChange={(from, to) => useFees.getState().set({ arrearsFrom: from, arrearsTo: to })}
          />
          <ExportButton
            request={{ grid: 'arrears', query: { ownerId, from: arrearsFrom || null, to: arrearsTo || null, sort } }}
          />
        </>
      }
      summary={
        totals &&
        (totals.customers === 0
          ? ''
          : t('fees.arrearsSummary', {
              customers: totals.customers,
              purchases: totals.purchases,
              due: money(totals.dueCents),
              paid: money(totals.paidCents),
              arrears: money(totals.arrearsCents),
            }))
      }
      pager={<Pager pageNo={pageNo} total={totals?.customers ?? 0} onPage={setPageNo} />}
    >
      <table className="simple-table fees-table arrears-table" aria-label={t('fees.arrearsView')}>
        <thead>
          <tr>
            <th className="expander" aria-label={t('fees.details')} />
            {SORTABLE.map((c) => (
              <th
                key={c.field}
                className={c.num ? 'num' : undefined}
                aria-sort={sort.field === c.field ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort-button" onClick={() => sortBy(c.field)}>
                  {t(c.label)}
                  <span aria-hidden="true">{sort.field === c.field ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            <th>{t('fees.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((r) => {
            const open = expanded.has(r.customerId);
            return [
              <tr key={r.customerId} className={open ? 'arrears-open' : undefined}>
                <td className="expander">
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open}
                    aria-label={t('fees.details')}
                    onClick={() => toggle(r.customerId)}
                  >
                    {open ? '▾' : '▸'}
                  </button>
                </td>
                <td>{r.customerName}</td>
                <td className="num">{money(r.dueCents)}</td>
                <td className="num">{money(r.paidCents)}</td>
                <td className="num arrears">{money(r.arrearsCents)}</td>
                <td>{r.earliestOn}</td>
                <td>{r.ownerName}</td>
                <td className="num">{r.purchaseCount}</td>
                <td>
                  <div className="fees-actions">
                    <button type="button" className="small" onClick={() => void printReminder(r.customerId)}>
                      {t('fees.reminderSlip')}
                    </button>
                  </div>
                </td>
              </tr>,
              open && (
                <tr key={`${r.customerId}-detail`} className="arrears-detail">
                  <td />
                  <td colSpan={8}>
                    <ArrearsDetail
                      customerId={r.customerId}
                      customerName={r.customerName}
                      from={arrearsFrom}
                      to={arrearsTo}
                    />
                  </td>
                </tr>
              ),
            ];
          })}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                {t('fees.noArrears')}
              </td>
            </tr>
          )}
        </tbody>
        {totals && totals.customers > 0 && (
          <tfoot>
            <tr>
              <th />
              <th>{t('fees.grandTotal', { n: totals.customers })}</th>
              <th className="num">{money(totals.dueCents)}</th>
              <th className="num">{money(totals.paidCents)}</th>
              <th className="num arrears">{money(totals.arrearsCents)}</th>
              <th colSpan={2} />
              <th className="num">{totals.purchases}</th>
              <th />
            </tr>
          </tfoot>
        )}
      </table>
    </TableShell>
  );
}

/** The purchases in arrears of one customer (an expanded row), each with its 收款 button. */
function ArrearsDetail(props: { customerId: number; customerName: string; from: string; to: string }) {
  const { t } = useTranslation();
  const { customerId, from, to } = props;
  const { data, error } = useLoaded<PurchaseDue[]>(JSON.stringify([customerId, from, to]), () =>
    call('fees.arrearsPurchases', { customerId, from: from || null, to: to || null }),
  );
  if (error) return <div className="form-error">{error}</div>;
  if (!data) return <p className="muted">{t('grid.loading')}</p>;
  return (
    <table className="simple-table arrears-lines" aria-label={t('fees.linesOf', { name: props.customerName })}>
      <thead>
        <tr>
          <th>{t('fees.product')}</th>
          <th>{t('fees.purchasedOn')}</th>
          <th className="num">{t('fees.quantity')}</th>
          <th className="num">{t('fees.unitPrice')}</th>
          <th className="num">{t('fees.due')}</th>
          <th className="num">{t('fees.paid')}</th>
          <th className="num">{t('fees.arrears')}</th>
          <th>{t('fees.salesperson')}</th>
          <th>{t('fees.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((p) => (
          <tr key={p.purchaseId}>
            <td>
              {p.productName}
              <span className="muted">（{p.productCode}）</span>
            </td>
            <td>{p.purchasedOn}</td>
            <td className="num">{p.quantity}</td>
            <td className="num">{money(p.unitPriceCents)}</td>
            <td className="num">{money(p.dueCents)}</td>
            <td className="num">{money(p.paidCents)}</td>
            <td className="num arrears">{money(p.arrearsCents)}</td>
            <td>{p.salespersonName ?? ''}</td>
            <td>
              <div className="fees-actions">
                <button
                  type="button"
                  className="small"
                  onClick={() => void openPaymentDialog(p.purchaseId, { kind: 'goods' })}
                >
                  {t('fees.pay')}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
