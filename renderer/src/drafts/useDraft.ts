import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Area, Batch, BatchList } from '../../../core/contract';
import { CallError, errorText } from '../api/client';
import {
  createDraftStore,
  errorsByRow,
  isDirty,
  toBatch,
  type DraftRow,
  type DraftStore,
  type LoadedRow,
} from './draft';
import { confirmLeave, registerDraft, setDirtyTab } from './guard';
import { useChanges } from '../api/live';
import { useMessages } from '../messages/messagesStore';

/** What every list method of an editable tab returns (its rows are the area's own). */
export type DraftList = Omit<BatchList<unknown>, 'rows'>;

/** What '保存' sends: the contract's batch. */
export type SaveBatch<P> = Batch<P>;

/** How a tab loads and saves its rows: the only area-specific part of a draft. */
export interface DraftSource<T, F extends keyof T & string, L extends DraftList> {
  /** Tab key, e.g. 'contacts'. */
  tab: string;
  /** The tab's name, for the leave question and the Message pane: '联系人'. */
  title: string;
  customerId: number;
  /** The fields '保存' sends; other values of a row are for display only. */
  fields: readonly F[];
  load(): Promise<L>;
  /** Sends the batch; `action` is the Message pane line ('保存联系人 中兴（新增 2，…）'). */
  save(batch: SaveBatch<Pick<T, F>>, action: string): Promise<L>;
  rowsOf(list: L): LoadedRow<T>[];
  validate?(values: T): Record<string, string>;
}

export interface Draft<T, L extends DraftList> {
  /** The tab's name: '联系人'. */
  title: string;
  store: DraftStore<T>;
  rows: DraftRow<T>[];
  list: L | null;
  fields: readonly (keyof T & string)[];
  dirty: boolean;
  busy: boolean;
  /** False for a customer that can only be looked at (deleted). */
  editable: boolean;
  /** Why the last load or save failed, shown above the grid until the next success. */
  problem: string | null;
  save(): Promise<boolean>;
  /** Reloads from the database; asks 保存 / 不保存 / 取消 first when there are unsaved edits. */
  refresh(): Promise<void>;
  /**
   * The grid puts here how to end a cell edit in progress; it returns whether one was. The value
   * reaches the draft a moment later (AG Grid reports edits asynchronously): see `settle`.
   */
  flush: { current: () => boolean };
}

/** After the grid's queued events (a finished cell edit) have run: they are queued with setTimeout 0. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * One editable tab's draft: loads the customer's rows, keeps the pending edits, saves them as one
 * batch, reloads after changes elsewhere while it is clean, and registers with the leave guard.
 */
export function useDraft<T, F extends keyof T & string, L extends DraftList>(src: DraftSource<T, F, L>): Draft<T, L> {
  const { t } = useTranslation();
  const srcRef = useRef(src);
  srcRef.current = src;
  const [store] = useState(() => createDraftStore<T>({ validate: (v) => srcRef.current.validate?.(v) ?? {} }));
  const rows = useStore(store, (s) => s.rows);
  const [list, setList] = useState<L | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const flush = useRef<() => boolean>(() => false);
  /** Ends a cell edit in progress and waits until its value is in the draft. */
  const settle = useCallback(async () => {
    flush.current();
    await nextTask();
  }, []);
  const fields = src.fields;
  const dirty = useMemo(() => isDirty(rows, fields), [rows, fields]);

  const apply = useCallback(
    (l: L) => {
      store.getState().load(srcRef.current.rowsOf(l), l.token);
      setList(l);
      setProblem(null);
    },
    [store],
  );

  const load = useCallback(async () => {
    setBusy(true);
    try {
      apply(await srcRef.current.load());
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  }, [apply]);

  const save = useCallback(async (): Promise<boolean> => {
    await settle();
    const s = srcRef.current;
    const state = store.getState();
    const batch = toBatch(state.rows, s.fields);
    const { created, updated, deleted, keys } = batch;
    if (!created.length && !updated.length && !deleted.length) {
      // '保存' with nothing changed says so (nothing is sent, nothing is written).
      const what = t('draft.saveAction', { tab: s.title, customer: list?.customer.name ?? '' });
      useMessages.getState().add(what, true, t('draft.nothingToSave'), true);
      return true;
    }
    const summary = t('draft.summary', { created: created.length, updated: updated.length, deleted: deleted.length });
    const action = `${t('draft.saveAction', { tab: s.title, customer: list?.customer.name ?? '' })}（${summary}）`;
    setBusy(true);
    try {
      apply(await s.save({ customerId: s.customerId, token: state.token ?? '', created, updated, deleted }, action));
      return true;
    } catch (err) {
      setProblem(errorText(err));
      if (err instanceof CallError && err.error.fields) store.getState().setErrors(errorsByRow(err.error.fields, keys));
      return false;
    } finally {
      setBusy(false);
    }
  }, [apply, list, settle, store, t]);

  const saveRef = useRef(save);
  saveRef.current = save;

  const refresh = useCallback(async () => {
    if (await confirmLeave()) await load();
  }, [load]);

  // First load of this customer's rows (the tab is mounted once per customer).
  useEffect(() => {
    void load();
  }, [load]);

  // A change elsewhere (another window, another user's save): reload while nothing is pending.
  // (Not this tab's own save: its answer already brought the fresh rows.)
  const revision = useChanges([src.tab as Area], src.customerId, (e) => !!e.self && e.method === `${src.tab}.save`);
  const seenRevision = useRef(revision);
  useEffect(() => {
    if (revision === seenRevision.current) return;
    seenRevision.current = revision;
    if (!isDirty(store.getState().rows, srcRef.current.fields)) void load();
  }, [revision, load, store]);

  useEffect(
    () =>
      registerDraft({
        tab: src.tab,
        title: src.title,
        isDirty: async () => {
          await settle();
          return isDirty(store.getState().rows, srcRef.current.fields);
        },
        isDirtyNow: () => flush.current() || isDirty(store.getState().rows, srcRef.current.fields),
        save: () => saveRef.current(),
        discard: () => store.getState().revert(),
      }),
    [store, settle, src.tab, src.title],
  );

  useEffect(() => setDirtyTab(src.tab, dirty), [src.tab, dirty]);
  useEffect(() => () => setDirtyTab(src.tab, false), [src.tab]);

  return {
    title: src.title,
    store,
    rows,
    list,
    fields,
    dirty,
    busy,
    editable: list?.customer.editable ?? false,
    problem,
    save,
    refresh,
    flush,
  };
}
