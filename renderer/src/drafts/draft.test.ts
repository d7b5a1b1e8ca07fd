import { describe, expect, it } from 'vitest';
import { createDraftStore, errorsByRow, isDirty, rowState, toBatch } from './draft';

interface C {
  name: string;
  email: string;
  birthday: string | null;
  /** Display only: never sent. */
  shown: string;
}
const FIELDS = ['name', 'email', 'birthday'] as const;
const c = (name: string, over: Partial<C> = {}): C => ({ name, email: '', birthday: null, shown: name, ...over });

function loaded() {
  const store = createDraftStore<C>({
    validate: (v): Record<string, string> => (v.email && !v.email.includes('@') ? { email: '邮箱格式不正确' } : {}),
  });
  store.getState().load(
    [
      { id: 1, version: 1, values: c('王伟') },
      { id: 2, version: 4, values: c('李娜') },
      { id: 3, version: 1, values: c('系统'), locked: '操作日志不能修改' },
    ],
    'tok',
  );
  return store;
}

describe('draft', () => {
  it('starts clean; new, edited and deleted rows make it dirty and go into one batch', () => {
    const store = loaded();
    const s = () => store.getState();
    expect(isDirty(s().rows, FIELDS)).toBe(false);
    expect(toBatch(s().rows, FIELDS)).toMatchObject({ created: [], updated: [], deleted: [] });

    const k = s().add(c('赵强'));
    s().edit(k, 'email', 'zq@x.cn');
    s().edit('id:1', 'name', '王伟伟');
    s().toggleDeleted(['id:2']);
    expect(isDirty(s().rows, FIELDS)).toBe(true);
    expect(s().rows.map((r) => rowState(r, FIELDS))).toEqual(['changed', 'deleted', 'clean', 'new']);
    const b = toBatch(s().rows, FIELDS);
    expect(b.created).toEqual([{ name: '赵强', email: 'zq@x.cn', birthday: null }]);
    expect(b.updated).toEqual([{ id: 1, version: 1, name: '王伟伟', email: '', birthday: null }]);
    expect(b.deleted).toEqual([{ id: 2, version: 4 }]);
    expect(b.keys).toEqual({ created: [k], updated: ['id:1'], deleted: ['id:2'] });
  });

  it('editing a value back, or clearing an empty date, is no change', () => {
    const store = loaded();
    const s = () => store.getState();
    s().edit('id:1', 'name', '别名');
    s().edit('id:1', 'name', '王伟');
    s().edit('id:2', 'birthday', '');
    expect(isDirty(s().rows, FIELDS)).toBe(false);
  });

  it('删除 again on rows that are all marked takes the mark off; locked rows are refused', () => {
    const store = loaded();
    const s = () => store.getState();
    expect(s().toggleDeleted(['id:1', 'id:3'])).toMatchObject({ changed: 1, locked: [{ key: 'id:3' }] });
    expect(s().rows.map((r) => r.deleted)).toEqual([true, false, false]);
    s().toggleDeleted(['id:1']);
    expect(s().rows.map((r) => r.deleted)).toEqual([false, false, false]);
    // A deleted row and a locked row cannot be edited.
    s().toggleDeleted(['id:2']);
    s().edit('id:2', 'name', 'x');
    s().edit('id:3', 'name', 'x');
    expect(s().rows.map((r) => r.values.name)).toEqual(['王伟', '李娜', '系统']);
  });

  it('a new row marked deleted is simply not sent', () => {
    const store = loaded();
    const k = store.getState().add(c('临时'), 'top');
    expect(store.getState().rows[0].key).toBe(k);
    store.getState().toggleDeleted([k]);
    expect(isDirty(store.getState().rows, FIELDS)).toBe(false);
    expect(toBatch(store.getState().rows, FIELDS).created).toEqual([]);
  });

  it('live checks mark a field as it is edited; revert forgets everything', () => {
    const store = loaded();
    const s = () => store.getState();
    s().edit('id:1', 'email', 'nope');
    expect(s().rows[0].errors).toEqual({ email: '邮箱格式不正确' });
    s().edit('id:1', 'email', 'ok@x.cn');
    expect(s().rows[0].errors).toEqual({});
    s().add(c('新'));
    s().toggleDeleted(['id:2']);
    s().revert();
    expect(s().rows.map((r) => [r.values.email, r.deleted])).toEqual([
      ['', false],
      ['', false],
      ['', false],
    ]);
    expect(isDirty(s().rows, FIELDS)).toBe(false);
  });

  it('places a refused save’s errors on the cells of the rows they came from', () => {
    const store = loaded();
    const s = () => store.getState();
    const k = s().add(c(''));
    s().edit('id:1', 'email', 'x@y.cn');
    s().toggleDeleted(['id:2']);
    const b = toBatch(s().rows, FIELDS);
    const byRow = errorsByRow(
      { 'created.0.name': '不能为空', 'updated.0.email': '邮箱格式不正确', 'deleted.0': '不能删除', 'other.0.x': '?' },
      b.keys,
    );
    expect(byRow).toEqual({
      [k]: { name: '不能为空' },
      'id:1': { email: '邮箱格式不正确' },
      'id:2': { _row: '不能删除' },
    });
    s().setErrors(byRow);
    expect(s().rows.find((r) => r.key === k)?.errors).toEqual({ name: '不能为空' });
  });
});
