import { create } from 'zustand';
import type { InstalmentView } from '../../../core/contract';

/** The two views of area 9. */
export type FeesView = 'due' | 'arrears' | 'instalments';

/**
 * Area 9 (年费催缴/欠款统计): which view shows and its filters — kept here, so leaving the tab and
 * coming back, or opening it from the 统计 menu, finds them as they were.
 */
interface FeesState {
  view: FeesView;
  /** Bumped when the 统计 menu asks for area 9: the tabs switch to it. */
  openSeq: number;
  /** 提前天数 N of 年费催缴; null: the office's 年费提前提醒天数 (系统 › 公司信息). */
  days: number | null;
  /** 业务员 filter (administrator); null: everyone the user may see. */
  ownerId: number | null;
  /** 服务截止期限 range of 年费催缴 ('' = open). */
  dueFrom: string;
  dueTo: string;
  /** 购买日期 range of 欠款统计 ('' = open). */
  arrearsFrom: string;
  arrearsTo: string;
  /** 回款计划's list: due this week, overdue, all open. */
  instalmentView: InstalmentView;
  /** 系统 › 公司信息 is open. */
  companyOpen: boolean;
  /** Shows area 9 with the given view (the 统计 menu). */
  show(view: FeesView): void;
  set(patch: Partial<Omit<FeesState, 'show' | 'set'>>): void;
}

export const useFees = create<FeesState>((set) => ({
  view: 'due',
  openSeq: 0,
  days: null,
  ownerId: null,
  dueFrom: '',
  dueTo: '',
  arrearsFrom: '',
  arrearsTo: '',
  instalmentView: 'week',
  companyOpen: false,
  show: (view) => set((s) => ({ view, openSeq: s.openSeq + 1 })),
  set: (patch) => set(patch),
}));
