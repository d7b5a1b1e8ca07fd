import { create } from 'zustand';

/** What the customer screen shows: the chosen status (area 1), search, selection (area 2). */
interface CustomersState {
  /** null = 全部客户. */
  statusId: number | null;
  search: string;
  /** Administrator's view of soft-deleted customers. */
  showDeleted: boolean;
  /** Area 1's 公海客户: the pool's customers instead of the user's own. */
  pool: boolean;
  selectedIds: number[];
  /** The customer whose tabs (4–9) are shown: the last one clicked. */
  currentId: number | null;
  /** The customer form: closed, creating, or editing one id. */
  form: { mode: 'create' } | { mode: 'edit'; id: number } | null;
  /**
   * A customer the grid should select and scroll to once its row is loaded (a new customer), and
   * when the user asked for it (performance.now()): a row the user picks after that wins.
   */
  reveal: { id: number; seq: number; since: number } | null;
  /** When the user last picked a row in the grid themselves (click, keyboard, right-click). */
  lastPickAt: number;
  /** The user picked a row: a reveal asked for before this gives up. */
  notePick(): void;
  setStatus(statusId: number | null): void;
  /** Shows the 公海 (area 1's 公海客户). */
  showPool(): void;
  setSearch(search: string): void;
  setShowDeleted(show: boolean): void;
  setSelection(ids: number[], currentId: number | null): void;
  openForm(form: CustomersState['form']): void;
  /**
   * Makes this customer current (its tabs show) and asks the grid to select its row — unless the
   * user picked another row since `since` (when they asked, e.g. pressed 确定; default now).
   */
  select(id: number, since?: number): void;
}

export const useCustomers = create<CustomersState>((set) => ({
  statusId: null,
  search: '',
  showDeleted: false,
  pool: false,
  selectedIds: [],
  currentId: null,
  form: null,
  reveal: null,
  lastPickAt: -Infinity,
  notePick: () => set({ lastPickAt: performance.now() }),
  setStatus: (statusId) => set({ statusId, pool: false, selectedIds: [], currentId: null }),
  showPool: () => set({ statusId: null, pool: true, selectedIds: [], currentId: null }),
  setSearch: (search) => set({ search, selectedIds: [], currentId: null }),
  setShowDeleted: (showDeleted) => set({ showDeleted, pool: false, selectedIds: [], currentId: null }),
  setSelection: (selectedIds, currentId) => set({ selectedIds, currentId }),
  openForm: (form) => set({ form }),
  select: (id, since = performance.now()) =>
    set((s) =>
      s.lastPickAt > since
        ? {}
        : { selectedIds: [id], currentId: id, reveal: { id, seq: (s.reveal?.seq ?? 0) + 1, since } },
    ),
}));
