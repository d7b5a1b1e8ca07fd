// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../i18n';
import { ContactsTab } from '../customers/tabs/ContactsTab';
import { MessagePane } from '../messages/MessagePane';
import { useMessages } from '../messages/messagesStore';
import { installFakeBridge, layOutEverything, ok, refused, type FakeBridge } from '../test/fakeBridge';

/**
 * The draft stack of tabs 4–7 — useDraft (load, pending edits, one batch on 保存, refusals) under
 * DraftGrid (AG Grid, 新增/删除/保存/刷新, the row and cell marks) — through the 联系人 tab.
 */
const CUSTOMER = { id: 7, name: '深圳市中兴通讯股份有限公司', editable: true };
const contact = (id: number, name: string, mobile: string) => ({
  id,
  version: 1,
  name,
  gender: '',
  title: '',
  mobile,
  phone: '',
  email: '',
  im: '',
  birthday: null,
  isPrimary: false,
  note: '',
});
const LIST = {
  customer: CUSTOMER,
  token: 't1',
  rows: [contact(1, '王芳', '13800000001'), contact(2, '赵强', '13800000002')],
};

// The first render loads AG Grid: slower than the default 5 s on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

let bridge: FakeBridge;
beforeEach(() => {
  layOutEverything();
  bridge = installFakeBridge();
  bridge.answer('contacts.list', ok(LIST));
  useMessages.getState().clear();
});
afterEach(cleanup);

const grid = () => screen.getByRole('region', { name: '联系人列表' });
const toolbar = () => screen.getByRole('toolbar', { name: '联系人列表' });
const button = (name: string) => within(toolbar()).getByRole('button', { name });
const rowOf = (text: string) => within(grid()).getByText(text).closest('[role=row]') as HTMLElement;
const log = () => screen.getByRole('log');
/** AG Grid sends edits and selections a moment later (queued tasks). */
const settle = () => act(() => new Promise((r) => setTimeout(r, 50)));

function renderTab() {
  return render(
    <>
      <ContactsTab customerId={CUSTOMER.id} />
      <MessagePane />
    </>,
  );
}

describe('DraftGrid + useDraft (联系人)', () => {
  it('loads the customer’s rows under the manual’s column headers; nothing is pending', async () => {
    renderTab();
    await within(grid()).findByText('王芳');
    expect(within(grid()).getByText('赵强')).toBeTruthy();
    for (const h of ['姓名', '性别', '职务', '手机', '电话', '邮箱', '生日', '主联系人', '备注'])
      expect(within(grid()).getByRole('columnheader', { name: h })).toBeTruthy();
    expect(within(toolbar()).getByText('共 2 条')).toBeTruthy();
    expect(bridge.inputsOf('contacts.list')).toEqual([{ customerId: 7 }]);
  });

  it('新增 adds a row to edit; typing into its cell and 保存 sends one batch and reports it in Message', async () => {
    bridge.answer(
      'contacts.save',
      ok({
        ...LIST,
        token: 't2',
        rows: [...LIST.rows, contact(3, '李娜', '')],
        saved: { created: 1, updated: 0, deleted: 0 },
      }),
    );
    renderTab();
    await within(grid()).findByText('王芳');
    fireEvent.click(button('新增'));
    // The new row's 姓名 cell opens for typing (the editor is named by its column).
    const editor = (await within(grid()).findByRole('textbox', { name: '姓名' })) as HTMLInputElement;
    fireEvent.change(editor, { target: { value: '李娜' } });
    fireEvent.keyDown(editor, { key: 'Enter', code: 'Enter' });
    await settle();
    expect(within(toolbar()).getByText('有未保存的修改')).toBeTruthy();
    expect(within(rowOf('李娜')).getByText('新')).toBeTruthy();
    expect(bridge.inputsOf('contacts.save')).toEqual([]); // nothing written before 保存

    fireEvent.click(button('保存'));
    await within(toolbar()).findByText('共 3 条');
    expect(bridge.inputsOf('contacts.save')).toEqual([
      {
        customerId: 7,
        token: 't1',
        created: [
          {
            name: '李娜',
            gender: '',
            title: '',
            mobile: '',
            phone: '',
            email: '',
            im: '',
            birthday: null,
            isPrimary: false,
            note: '',
          },
        ],
        updated: [],
        deleted: [],
      },
    ]);
    expect(within(log()).getByText('保存联系人 深圳市中兴通讯股份有限公司（新增 1，修改 0，删除 0）')).toBeTruthy();
    expect(within(log()).getByText('成功')).toBeTruthy();
  });

  it('删除 needs a selected row; a selected row is marked 删 and leaves with 保存', async () => {
    bridge.answer(
      'contacts.save',
      ok({ ...LIST, token: 't2', rows: [LIST.rows[1]], saved: { created: 0, updated: 0, deleted: 1 } }),
    );
    renderTab();
    await within(grid()).findByText('王芳');
    fireEvent.click(button('删除'));
    expect(within(log()).getByText('请先选中要删除的行（按住 Ctrl 或 Shift 可选多行）')).toBeTruthy();

    fireEvent.click(within(grid()).getByText('王芳'));
    await settle();
    fireEvent.click(button('删除'));
    await settle();
    expect(within(rowOf('王芳')).getByText('删')).toBeTruthy();
    expect(rowOf('王芳').className).toContain('draft-deleted');
    fireEvent.click(button('保存'));
    await within(toolbar()).findByText('共 1 条');
    expect(bridge.inputsOf('contacts.save')).toEqual([
      { customerId: 7, token: 't1', created: [], updated: [], deleted: [{ id: 1, version: 1 }] },
    ]);
    expect(within(grid()).queryByText('王芳')).toBeNull();
  });

  it('a refused 保存 keeps the edits, says why above the grid and marks the cell the data side named', async () => {
    bridge.answer(
      'contacts.save',
      refused({
        code: 'bad_input',
        message: '修改第 1 行 手机：该号码已登记在另一位联系人名下',
        fields: { 'updated.0.mobile': '该号码已登记在另一位联系人名下' },
      }),
    );
    renderTab();
    await within(grid()).findByText('王芳');
    // The keyboard way in: the cell takes the focus, Enter opens its editor.
    const cell = within(rowOf('王芳')).getByText('13800000001').closest('[role=gridcell]') as HTMLElement;
    fireEvent.mouseDown(cell);
    fireEvent.click(cell);
    cell.focus();
    fireEvent.keyDown(cell, { key: 'Enter', code: 'Enter' });
    const editor = (await within(grid()).findByRole('textbox', { name: '手机' })) as HTMLInputElement;
    fireEvent.change(editor, { target: { value: '13900000001' } });
    fireEvent.keyDown(editor, { key: 'Enter', code: 'Enter' });
    await settle();
    expect(within(rowOf('王芳')).getByText('改')).toBeTruthy();

    fireEvent.click(button('保存'));
    await within(grid().parentElement as HTMLElement).findByText('修改第 1 行 手机：该号码已登记在另一位联系人名下');
    expect(bridge.inputsOf('contacts.save')[0]).toMatchObject({
      updated: [expect.objectContaining({ id: 1, version: 1, mobile: '13900000001' })],
    });
    await waitFor(() => expect(within(rowOf('王芳')).getByText('13900000001').closest('.draft-invalid')).toBeTruthy());
    expect(within(toolbar()).getByText('有未保存的修改')).toBeTruthy();
    expect(within(log()).getByText('失败')).toBeTruthy();
  });
});
