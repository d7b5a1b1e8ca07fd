/**
 * The charts of 销售统计: for each, its ECharts option and its table, both built from the same
 * rows the handlers return — the screen, the print preview and the .xlsx export show one truth.
 */
import type { TFunction } from 'i18next';
import type { EChartsCoreOption } from 'echarts/core';
import type { Output } from '../../../core/contract';
import { formatMoney } from '../../../core/money';
import { yuanAxis } from './Chart';

export interface StatsData {
  statusNow: Output<'stats.statusNow'>;
  statusChanges: Output<'stats.statusChanges'>;
  newCustomers: Output<'stats.newCustomers'>;
  money: Output<'stats.money'>;
  ageing: Output<'stats.ageing'>;
  products: Output<'stats.products'>;
  activity: Output<'stats.activity'>;
}

export interface StatsTable {
  columns: { label: string; num?: boolean }[];
  /** Display text; money as ¥ with thousands separators. */
  rows: string[][];
  /** The raw values for the spreadsheet (numbers stay numbers, money in yuan). */
  values: (string | number)[][];
}

export interface ChartSpec {
  key: string;
  title: string;
  option: EChartsCoreOption;
  table: StatsTable;
}

const yuan = (cents: number) => `¥${formatMoney(cents, { grouping: true })}`;
const n = (v: number) => v.toLocaleString('zh-CN');

/** Rows grouped as x (category) → series name → value: for the grouped and stacked bars. */
function pivot<R>(rows: R[], x: (r: R) => string, series: (r: R) => string, value: (r: R) => number) {
  const xs = [...new Set(rows.map(x))].sort();
  const names = [...new Set(rows.map(series))];
  const data = new Map(rows.map((r) => [`${x(r)}\u0000${series(r)}`, value(r)]));
  return { xs, names, get: (xv: string, s: string) => data.get(`${xv}\u0000${s}`) ?? 0 };
}

const baseGrid = { left: 8, right: 12, top: 30, bottom: 4, containLabel: true };
const legend = { top: 0, type: 'scroll' };

function stacked(
  xs: string[],
  names: string[],
  get: (x: string, s: string) => number,
  stack: boolean,
): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: baseGrid,
    xAxis: { type: 'category', data: xs },
    yAxis: { type: 'value', minInterval: 1 },
    series: names.map((s) => ({
      type: 'bar',
      name: s,
      stack: stack ? 'all' : undefined,
      barMaxWidth: 36,
      data: xs.map((x) => get(x, s)),
    })),
  };
}

export function chartSpecs(d: StatsData, t: TFunction): ChartSpec[] {
  const c = (k: string) => t(`stats.col.${k}`);
  const changes = pivot(
    d.statusChanges,
    (r) => r.month,
    (r) => r.statusName,
    (r) => r.n,
  );
  const newer = pivot(
    d.newCustomers,
    (r) => r.month,
    (r) => r.ownerName,
    (r) => r.n,
  );
  const act = pivot(
    d.activity,
    (r) => r.week,
    (r) => r.authorName,
    (r) => r.n,
  );
  const bucket = (b: number) => t(`stats.bucket${b}`);
  const moneyAxis = { type: 'value', axisLabel: { formatter: yuanAxis } };
  const moneyTip = { trigger: 'axis', valueFormatter: (v: number) => yuan(v) };
  return [
    {
      key: 'statusNow',
      title: t('stats.statusNow'),
      option: {
        tooltip: { trigger: 'item' },
        legend: {
          orient: 'vertical',
          right: 12,
          top: 'middle',
          formatter: (name: string) => `${name}  ${n(d.statusNow.find((s) => s.statusName === name)?.n ?? 0)}`,
        },
        series: [
          {
            type: 'pie',
            radius: ['40%', '72%'],
            center: ['38%', '52%'],
            label: { show: false },
            data: d.statusNow.filter((s) => s.n > 0).map((s) => ({ name: s.statusName, value: s.n })),
          },
        ],
      },
      table: {
        columns: [{ label: c('status') }, { label: c('count'), num: true }],
        rows: d.statusNow.map((s) => [s.statusName, n(s.n)]),
        values: d.statusNow.map((s) => [s.statusName, s.n]),
      },
    },
    {
      key: 'statusChanges',
      title: t('stats.statusChanges'),
      option: stacked(changes.xs, changes.names, changes.get, false),
      table: {
        columns: [{ label: c('month') }, { label: c('status') }, { label: c('changes'), num: true }],
        rows: d.statusChanges.map((r) => [r.month, r.statusName, n(r.n)]),
        values: d.statusChanges.map((r) => [r.month, r.statusName, r.n]),
      },
    },
    {
      key: 'newCustomers',
      title: t('stats.newCustomers'),
      option: stacked(newer.xs, newer.names, newer.get, true),
      table: {
        columns: [{ label: c('month') }, { label: c('owner') }, { label: c('count'), num: true }],
        rows: d.newCustomers.map((r) => [r.month, r.ownerName, n(r.n)]),
        values: d.newCustomers.map((r) => [r.month, r.ownerName, r.n]),
      },
    },
    {
      key: 'money',
      title: t('stats.money'),
      option: {
        tooltip: moneyTip,
        legend,
        grid: baseGrid,
        xAxis: { type: 'category', data: d.money.map((r) => r.month) },
        yAxis: moneyAxis,
        series: [
          { type: 'bar', name: c('sales'), barMaxWidth: 36, data: d.money.map((r) => r.salesCents) },
          { type: 'line', name: c('collected'), data: d.money.map((r) => r.collectedCents) },
        ],
      },
      table: {
        columns: [{ label: c('month') }, { label: c('sales'), num: true }, { label: c('collected'), num: true }],
        rows: d.money.map((r) => [r.month, yuan(r.salesCents), yuan(r.collectedCents)]),
        values: d.money.map((r) => [r.month, r.salesCents / 100, r.collectedCents / 100]),
      },
    },
    {
      key: 'ageing',
      title: t('stats.ageing'),
      option: {
        tooltip: moneyTip,
        grid: baseGrid,
        xAxis: { type: 'category', data: d.ageing.map((r) => bucket(r.bucket)) },
        yAxis: moneyAxis,
        series: [
          {
            type: 'bar',
            name: c('arrears'),
            barMaxWidth: 48,
            data: d.ageing.map((r) => r.arrearsCents),
            itemStyle: { color: '#c8553d' },
          },
        ],
      },
      table: {
        columns: [{ label: c('bucket') }, { label: c('purchases'), num: true }, { label: c('arrears'), num: true }],
        rows: d.ageing.map((r) => [bucket(r.bucket), n(r.purchases), yuan(r.arrearsCents)]),
        values: d.ageing.map((r) => [bucket(r.bucket), r.purchases, r.arrearsCents / 100]),
      },
    },
    {
      key: 'categories',
      title: t('stats.categories'),
      option: {
        tooltip: { trigger: 'item', valueFormatter: (v: number) => yuan(v) },
        legend: { orient: 'vertical', right: 0, top: 'middle', type: 'scroll' },
        series: [
          {
            type: 'pie',
            radius: ['40%', '72%'],
            center: ['38%', '52%'],
            label: { show: false },
            data: d.products.categories.map((r) => ({ name: r.categoryName, value: r.cents })),
          },
        ],
      },
      table: {
        columns: [{ label: c('category') }, { label: c('quantity'), num: true }, { label: c('amount'), num: true }],
        rows: d.products.categories.map((r) => [r.categoryName, n(r.quantity), yuan(r.cents)]),
        values: d.products.categories.map((r) => [r.categoryName, r.quantity, r.cents / 100]),
      },
    },
    {
      key: 'top',
      title: t('stats.top'),
      option: {
        tooltip: moneyTip,
        grid: { left: 140, right: 32, top: 8, bottom: 24, outerBoundsMode: 'none', containLabel: false },
        xAxis: moneyAxis,
        yAxis: {
          type: 'category',
          inverse: true,
          axisLabel: { width: 130, overflow: 'truncate', margin: 6 },
          data: d.products.top.map((r) => r.name),
        },
        series: [{ type: 'bar', name: c('amount'), barMaxWidth: 18, data: d.products.top.map((r) => r.cents) }],
      },
      table: {
        columns: [
          { label: c('code') },
          { label: c('product') },
          { label: c('quantity'), num: true },
          { label: c('amount'), num: true },
        ],
        rows: d.products.top.map((r) => [r.code, r.name, n(r.quantity), yuan(r.cents)]),
        values: d.products.top.map((r) => [r.code, r.name, r.quantity, r.cents / 100]),
      },
    },
    {
      key: 'activity',
      title: t('stats.activity'),
      option: stacked(act.xs, act.names, act.get, true),
      table: {
        columns: [{ label: c('week') }, { label: c('author') }, { label: c('records'), num: true }],
        rows: d.activity.map((r) => [r.week, r.authorName, n(r.n)]),
        values: d.activity.map((r) => [r.week, r.authorName, r.n]),
      },
    },
  ];
}
