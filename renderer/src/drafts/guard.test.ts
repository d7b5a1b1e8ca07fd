import { afterEach, describe, expect, it, vi } from 'vitest';
import { confirmLeave, registerDraft, setDirtyTab, useDraftGuard, type GuardedDraft } from './guard';

function draft(dirty: boolean, saved = true) {
  return {
    tab: 'contacts',
    title: '联系人',
    isDirty: async () => dirty,
    isDirtyNow: () => dirty,
    save: vi.fn(async () => saved),
    discard: vi.fn(() => undefined),
  } satisfies GuardedDraft;
}

/** Waits for the question and answers it. */
async function answer(choice: 'save' | 'discard' | 'cancel') {
  await vi.waitFor(() => expect(useDraftGuard.getState().question).not.toBeNull());
  expect(useDraftGuard.getState().question?.title).toBe('联系人');
  useDraftGuard.getState().question?.answer(choice);
}

let unregister = () => {};
afterEach(() => unregister());

describe('confirmLeave', () => {
  it('lets go at once with no draft or a clean one', async () => {
    expect(await confirmLeave()).toBe(true);
    unregister = registerDraft(draft(false));
    expect(await confirmLeave()).toBe(true);
    expect(useDraftGuard.getState().question).toBeNull();
  });

  it('取消 stays, 不保存 discards, 保存 saves (and stays when the save is refused)', async () => {
    const d = draft(true);
    unregister = registerDraft(d);
    let left = confirmLeave();
    await answer('cancel');
    expect(await left).toBe(false);
    expect(d.discard).not.toHaveBeenCalled();

    left = confirmLeave();
    await answer('discard');
    expect(await left).toBe(true);
    expect(d.discard).toHaveBeenCalledOnce();

    left = confirmLeave();
    await answer('save');
    expect(await left).toBe(true);
    expect(d.save).toHaveBeenCalledOnce();
    expect(useDraftGuard.getState().question).toBeNull();

    unregister();
    const refused = draft(true, false);
    unregister = registerDraft(refused);
    left = confirmLeave();
    await answer('save');
    expect(await left).toBe(false);
  });

  it('asks once when asked twice at the same time', async () => {
    const d = draft(true);
    unregister = registerDraft(d);
    const a = confirmLeave();
    const b = confirmLeave();
    expect(a).toBe(b);
    await answer('discard');
    expect(await b).toBe(true);
    expect(d.discard).toHaveBeenCalledOnce();
  });

  it('tracks which tab is dirty, and forgets it when the draft goes', () => {
    unregister = registerDraft(draft(true));
    setDirtyTab('contacts', true);
    expect(useDraftGuard.getState().dirtyTab).toBe('contacts');
    setDirtyTab('records', false);
    expect(useDraftGuard.getState().dirtyTab).toBe('contacts');
    unregister();
    expect(useDraftGuard.getState()).toMatchObject({ draft: null, dirtyTab: null });
  });
});
