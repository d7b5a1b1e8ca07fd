/**
 * Leaving a tab with unsaved edits asks first: 保存 / 不保存 / 取消. The editable tab on screen
 * registers its draft here; whatever would leave it (another customer, another tab, 刷新, logging
 * out, closing the window) awaits `confirmLeave()` first.
 */
import { create } from 'zustand';

export type LeaveChoice = 'save' | 'discard' | 'cancel';

export interface GuardedDraft {
  /** Which tab (e.g. 'contacts'): its label shows the unsaved marker. */
  tab: string;
  /** The tab's name in the question: '“联系人”有未保存的修改'. */
  title: string;
  /** Whether there is anything to save, once a cell edit in progress has reached the draft. */
  isDirty(): Promise<boolean>;
  /** The same, answered at once (closing the window): an edit in progress counts as a change. */
  isDirtyNow(): boolean;
  /** Saves; false when the save was refused (the user stays). */
  save(): Promise<boolean>;
  /** Forgets the pending changes. */
  discard(): void;
}

interface GuardState {
  draft: GuardedDraft | null;
  /** The tab whose draft has unsaved changes, if any. */
  dirtyTab: string | null;
  question: { title: string; answer(choice: LeaveChoice): void } | null;
  /** Set when 取消 put the previous customer back as current, for the grid to select it again. */
  restored: { id: number | null; seq: number } | null;
}

export const useDraftGuard = create<GuardState>(() => ({
  draft: null,
  dirtyTab: null,
  question: null,
  restored: null,
}));

/** Registers the draft on screen; returns the unregister function. */
export function registerDraft(draft: GuardedDraft): () => void {
  useDraftGuard.setState({ draft });
  return () => {
    if (useDraftGuard.getState().draft === draft) useDraftGuard.setState({ draft: null, dirtyTab: null });
  };
}

export function setDirtyTab(tab: string, dirty: boolean): void {
  const current = useDraftGuard.getState().dirtyTab;
  if (dirty && current !== tab) useDraftGuard.setState({ dirtyTab: tab });
  if (!dirty && current === tab) useDraftGuard.setState({ dirtyTab: null });
}

let pending: Promise<boolean> | null = null;

/**
 * Resolves true when it is fine to leave: nothing unsaved, or the user chose 保存 (and the save
 * went through) or 不保存. Asked twice at once, it asks once.
 */
export function confirmLeave(): Promise<boolean> {
  const draft = useDraftGuard.getState().draft;
  if (!draft) return Promise.resolve(true);
  if (pending) return pending;
  pending = (async () => {
    if (!(await draft.isDirty())) return true;
    const choice = await new Promise<LeaveChoice>((answer) =>
      useDraftGuard.setState({ question: { title: draft.title, answer } }),
    );
    useDraftGuard.setState({ question: null });
    if (choice === 'cancel') return false;
    if (choice === 'discard') {
      draft.discard();
      return true;
    }
    return draft.save();
  })().finally(() => {
    pending = null;
  });
  return pending;
}

/**
 * Closing the window with unsaved edits. A browser can only show its own leave prompt; the
 * desktop app cancels the close (Electron does so silently), asks 保存 / 不保存 / 取消 here, and
 * closes the window itself once the answer allows it.
 */
export function installUnloadGuard(): () => void {
  const desktop = navigator.userAgent.includes('Electron');
  let closing = false;
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    const draft = useDraftGuard.getState().draft;
    if (closing || !draft?.isDirtyNow()) return;
    e.preventDefault();
    e.returnValue = '';
    if (desktop) {
      setTimeout(() => {
        void confirmLeave().then((ok) => {
          if (!ok) return;
          closing = true;
          window.close();
        });
      });
    }
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
