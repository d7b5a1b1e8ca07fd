import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { dateProblem } from '../../../core/input';
import { DateInput } from '../components/DateInput';
import { call, errorText } from '../api/client';
import { useChanges } from '../api/live';
import { useMessages } from '../messages/messagesStore';
import { useScreen } from '../app/screenStore';
import { useSession } from '../session/sessionStore';
import { Chart } from './Chart';
import { WorkbenchOwnerFilter } from './WorkbenchOwnerFilter';
import { DepartmentFilter } from '../components/DepartmentFilter';
import { chartSpecs, type ChartSpec, type StatsData, type StatsTable } from './statsSpecs';
import { WORKBENCH_AREAS } from './WorkbenchScreen';
import '../print/print.css';
import './workbench.css';
import { localDay } from '../../../core/contract/dates';

/** The last 12 calendar months, this one included. */
function defaultRange() {
  const now = new Date();
  return { from: localDay(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to: localDay(now) };
}

function Table({ table, label }: { table: StatsTable; label: string }) {
  return (
    <table className="stats-table sheet-table" aria-label={label}>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c.label} className={c.num ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r, i) => (
          <tr key={i}>
            {r.map((v, j) => (
              <td key={j} className={table.columns[j].num ? 'num' : undefined}>
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Card({ spec }: { spec: ChartSpec }) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  return (
    <section className="stats-card pane" aria-label={spec.title}>
      <div className="stats-card-title">
        <h2>{spec.title}</h2>
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('stats.chart') : t('stats.table')}
        </button>
      </div>
      {spec.table.rows.length === 0 ? (
        <p className="muted">{t('stats.empty')}</p>
      ) : asTable ? (
        <div className="stats-table-wrap">
          <Table table={spec.table} label={spec.title} />
        </div>
      ) : (
        <Chart option={spec.option} label={spec.title} />
      )}
    </section>
  );
}

/** 统计 › 销售统计: the charts over a date range (and, for the administrator, one 业务员). */
export function StatsScreen() {
  const { t } = useTranslation();
  const [range, setRange] = useState(defaultRange);
  const [ownerId, setOwnerId] = useState<number | null>(null);
  const [departmentId, setDepartmentId] = useState<number | null>(null);
  const [data, setData] = useState<StatsData | null>(null);
  const [error, setError] = useState('');
  const [printing, setPrinting] = useState(false);
  const changed = useChanges(WORKBENCH_AREAS);

  useEffect(() => {
    let live = true;
    const input = { ...range, ownerId, departmentId };
    Promise.all([
      call('stats.statusNow', input),
      call('stats.statusChanges', input),
      call('stats.newCustomers', input),
      call('stats.money', input),
      call('stats.ageing', input),
      call('stats.products', input),
      call('stats.activity', input),
    ])
      .then(([statusNow, statusChanges, newCustomers, money, ageing, products, activity]) => {
        if (!live) return;
        setData({ statusNow, statusChanges, newCustomers, money, ageing, products, activity });
        setError('');
      })
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [range, ownerId, departmentId, changed]);

  const specs = useMemo(() => (data ? chartSpecs(data, t) : []), [data, t]);

  const exportXlsx = async () => {
    const action = t('stats.exported');
    try {
      const { writeStatsXlsx } = await import('./statsXlsx');
      await writeStatsXlsx(specs, `${t('stats.title')} ${range.from} ${range.to}.xlsx`);
      useMessages.getState().add(action, true);
    } catch (err) {
      useMessages.getState().add(action, false, String(err));
    }
  };

  return (
    <div className="stats">
      <div className="wb-toolbar">
        <h1>{t('stats.title')}</h1>
        <label className="wb-filter">
          {t('stats.from')}
          <RangeDate label={t('stats.from')} value={range.from} onChange={(from) => setRange({ ...range, from })} />
        </label>
        <label className="wb-filter">
          {t('stats.to')}
          <RangeDate label={t('stats.to')} value={range.to} onChange={(to) => setRange({ ...range, to })} />
        </label>
        <DepartmentFilter
          value={departmentId}
          onChange={setDepartmentId}
          label={t('stats.department')}
          allLabel={t('stats.allDepartments')}
          className="wb-filter"
        />
        <WorkbenchOwnerFilter value={ownerId} onChange={setOwnerId} />
        <span className="spacer" />
        <button type="button" disabled={!data} onClick={() => void exportXlsx()}>
          {t('stats.export')}
        </button>
        <button type="button" disabled={!data} onClick={() => setPrinting(true)}>
          {t('stats.print')}
        </button>
        <button type="button" onClick={() => useScreen.getState().show('workbench')}>
          {t('stats.back')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="stats-body">
        {specs.map((s) => (
          <Card key={s.key} spec={s} />
        ))}
      </div>
      {printing && <StatsPrint specs={specs} range={range} onClose={() => setPrinting(false)} />}
    </div>
  );
}

/**
 * The print preview of 销售统计, drawn like the product's other printed documents (print.css:
 * A4 sheets over the window, only the sheets are printed): each chart in SVG, with its table.
 */
function StatsPrint({
  specs,
  range,
  onClose,
}: {
  specs: ChartSpec[];
  range: { from: string; to: string };
  onClose(): void;
}) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const title = `${t('stats.printTitle')} ${t('stats.range', range)}`;
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
  return createPortal(
    <div
      className="print-root"
      role="dialog"
      aria-modal="true"
      aria-label={t('print.preview')}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="print-toolbar" role="toolbar" aria-label={t('print.preview')}>
        <span className="print-toolbar-title">{title}</span>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <div className="print-pages" role="document" aria-label={title}>
        {specs.map((s) => (
          <div key={s.key} className="sheet">
            <h2>{s.title}</h2>
            <p className="sheet-filter">
              {t('stats.range', range)} · {user?.name}
            </p>
            {s.table.rows.length > 0 && <Chart option={s.option} label={s.title} height={260} />}
            <Table table={s.table} label={s.title} />
          </div>
        ))}
      </div>
    </div>,
    document.body,
  );
}

/**
 * One end of the date range, shown as 'YYYY-MM-DD' whatever the system's language; the range moves
 * only when what is typed is a real date.
 */
function RangeDate({ label, value, onChange }: { label: string; value: string; onChange(day: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <DateInput
      aria-label={label}
      value={text}
      onChange={(v) => {
        setText(v);
        if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !dateProblem(v)) onChange(v);
      }}
    />
  );
}
