import { describe, expect, it } from 'vitest';
import { addMonths, checkInstalmentPlan, instalmentState, splitEvenly } from './instalments.js';

describe('回款计划 rules (shared by the form and the handler)', () => {
  it('a plan adds up to 应付 exactly, else says by how much', () => {
    expect(checkInstalmentPlan(1_000_000, [])).toBeNull();
    const plan = [
      { seq: 1, dueOn: '2026-12-01', amountCents: 500_000 },
      { seq: 2, dueOn: '2027-01-01', amountCents: 500_000 },
    ];
    expect(checkInstalmentPlan(1_000_000, plan)).toBeNull();
    expect(checkInstalmentPlan(1_000_001, plan)).toEqual({
      index: null,
      key: 'amountCents',
      label: '计划金额',
      message: '回款计划合计 ¥10,000.00，比应付 ¥10,000.01 少 ¥0.01',
    });
    expect(checkInstalmentPlan(900_000, plan)?.message).toBe('回款计划合计 ¥10,000.00，比应付 ¥9,000.00 多 ¥1,000.00');
  });

  it('期次 are distinct and dates do not go back as 期次 go up', () => {
    expect(
      checkInstalmentPlan(2, [
        { seq: 2, dueOn: '2026-12-01', amountCents: 1 },
        { seq: 2, dueOn: '2026-12-02', amountCents: 1 },
      ]),
    ).toMatchObject({ index: 1, key: 'seq', message: '第 2 期重复了' });
    expect(
      checkInstalmentPlan(2, [
        { seq: 2, dueOn: '2026-12-01', amountCents: 1 },
        { seq: 1, dueOn: '2026-12-02', amountCents: 1 },
      ]),
    ).toMatchObject({ index: 0, key: 'dueOn', message: '第 2 期的 2026-12-01 不能早于第 1 期的 2026-12-02' });
  });

  it('splits evenly to the cent and steps months keeping the day where it can', () => {
    expect(splitEvenly(1_000_000, 3)).toEqual([333_334, 333_333, 333_333]);
    expect(splitEvenly(2, 3)).toEqual([1, 1, 0]);
    expect(splitEvenly(100, 0)).toEqual([]);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('states: 已回款, 逾期 (however much is paid), 部分回款, 未到期', () => {
    const i = (paidCents: number, dueOn: string) =>
      instalmentState({ dueOn, amountCents: 100, paidCents }, '2026-12-07');
    expect(i(100, '2026-01-01')).toBe('paid');
    expect(i(50, '2026-12-06')).toBe('overdue');
    expect(i(50, '2026-12-07')).toBe('partial');
    expect(i(0, '2026-12-08')).toBe('pending');
  });
});
