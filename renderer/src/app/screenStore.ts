import { create } from 'zustand';

/** The screens under the menu bar: 工作台 (after login), 客户管理, 统计 › 销售统计. */
export type ScreenKey = 'workbench' | 'customers' | 'stats';
/** The customer tabs another screen may open (工作台: 日志及维护记录; a reminder: its own tab). */
export type RequestedTab = 'contacts' | 'records' | 'delegation' | 'fees';

interface ScreenState {
  screen: ScreenKey;
  /** A request to show one of the customer tabs (BottomTabs follows it, asking first when a draft is unsaved). */
  tabRequest: { tab: RequestedTab; seq: number } | null;
  show(screen: ScreenKey): void;
  requestTab(tab: RequestedTab): void;
}

export const useScreen = create<ScreenState>((set) => ({
  screen: 'workbench',
  tabRequest: null,
  show: (screen) => set({ screen }),
  requestTab: (tab) => set((s) => ({ tabRequest: { tab, seq: (s.tabRequest?.seq ?? 0) + 1 } })),
}));

/**
 * 系统 › 设置: the screen opened after login (工作台 or 客户管理), kept per PC in localStorage —
 * a preference of the desk, not office data: it needs no write, no 操作日志, and works the same
 * against a local file or the office server.
 */
export const START_SCREEN_KEY = 'kehu.startScreen';

export function startScreen(): 'workbench' | 'customers' {
  try {
    return localStorage.getItem(START_SCREEN_KEY) === 'customers' ? 'customers' : 'workbench';
  } catch {
    return 'workbench';
  }
}

export function setStartScreen(screen: 'workbench' | 'customers'): void {
  localStorage.setItem(START_SCREEN_KEY, screen);
}
