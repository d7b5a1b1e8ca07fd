// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../i18n';
import { MessagePane } from '../messages/MessagePane';
import { useMessages } from '../messages/messagesStore';
import { useSession } from '../session/sessionStore';
import { installFakeBridge, layOutEverything, ok, refused, type FakeBridge } from '../test/fakeBridge';
import { CustomerForm } from './CustomerForm';
import { useCustomers } from './customersStore';

const ADMIN = { id: 1, name: '张经理', login: 'admin', role: 'admin' as const, mustChangePassword: false };
const STATUSES = [
  { id: 1, name: '潜在客户', sortOrder: 1, count: 0 },
  { id: 2, name: '意向客户', sortOrder: 2, count: 0 },
];
const STAFF = [
  { id: 1, name: '张经理', active: true },
  { id: 2, name: '李四', active: true },
];
const customer = {
  id: 42,
  name: '深圳市中兴通讯股份有限公司',
  keyword: '中兴',
  statusId: 1,
  statusName: '潜在客户',
  ownerId: 1,
  ownerName: '张经理',
  createdOn: '2026-12-01',
  industry: '',
  source: '',
  region: '深圳',
  address: '',
  phone: '0755-26770000',
  fax: '',
  website: '',
  email: 'info@zte.com.cn',
  note: '',
  delegated: false,
  deletedAt: null,
  version: 3,
};

let bridge: FakeBridge;

beforeEach(() => {
  layOutEverything();
  bridge = installFakeBridge();
  bridge.answer('statuses.tree', ok({ statuses: STATUSES, total: 0 }));
  bridge.answer('staff.options', ok(STAFF));
  useSession.setState({ user: ADMIN, phase: 'ready' });
  useCustomers.setState({ statusId: null, form: { mode: 'create' }, currentId: null, reveal: null });
  useMessages.getState().clear();
});
afterEach(cleanup);

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const ok确定 = () => fireEvent.click(screen.getByRole('button', { name: '确定' }));

describe('客户资料 form (创建客户 / 编辑客户)', () => {
  it('shows the manual’s fields, required ones marked; the new customer starts in the first status, owned by the user', async () => {
    render(<CustomerForm mode="create" />);
    const dialog = await screen.findByRole('dialog', { name: '创建客户' });
    await within(dialog).findByRole('option', { name: '潜在客户' });
    for (const label of [
      '客户名称',
      '关键字',
      '客户状态',
      '业务员',
      '创建日期',
      '电话',
      '传真',
      '邮箱',
      '地址',
      '备注',
    ])
      expect(within(dialog).getByLabelText(label)).toBeTruthy();
    expect(field('客户名称').getAttribute('aria-required')).toBe('true');
    expect(field('电话').getAttribute('aria-required')).not.toBe('true');
    expect((screen.getByLabelText('客户状态') as HTMLSelectElement).value).toBe('1');
    expect((screen.getByLabelText('业务员') as HTMLSelectElement).value).toBe('1');
    // The first empty required field has the focus.
    expect(document.activeElement).toBe(field('客户名称'));
  });

  it('a refused 确定 names the field beside it and focuses it; typing a valid value clears it; saving closes and reports 成功', async () => {
    bridge.answer(
      'customers.create',
      refused({ code: 'bad_input', message: '邮箱：邮箱格式不正确', fields: { email: '邮箱格式不正确' } }),
      ok(customer),
    );
    render(
      <>
        <CustomerForm mode="create" />
        <MessagePane />
      </>,
    );
    await screen.findByRole('option', { name: '潜在客户' });
    type('客户名称', '深圳市中兴通讯股份有限公司');
    type('关键字', '中兴');
    type('电话', '０７５５－２６７７００００'); // full-width digits are folded as typed
    type('邮箱', 'info@');
    expect(field('电话').value).toBe('0755-26770000');
    ok确定();

    const email = field('邮箱');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(within(email.closest('.field') as HTMLElement).getByRole('alert').textContent).toBe('邮箱格式不正确');
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(screen.getByRole('dialog', { name: '创建客户' })).toBeTruthy();
    const [sent] = bridge.inputsOf('customers.create');
    expect(sent).toMatchObject({
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
      statusId: 1,
      ownerId: 1,
      phone: '0755-26770000',
      email: 'info@',
      confirmDuplicates: false,
    });
    expect(within(screen.getByRole('log')).getByText('失败')).toBeTruthy();

    type('邮箱', 'info@zte.com.cn');
    expect(email.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByText('邮箱格式不正确')).toBeNull();

    ok确定();
    await waitFor(() => expect(useCustomers.getState().form).toBeNull());
    expect(bridge.inputsOf('customers.create')[1]).toMatchObject({ email: 'info@zte.com.cn' });
    // The new customer becomes the current one; Message says what was done.
    expect(useCustomers.getState().currentId).toBe(42);
    const log = screen.getByRole('log');
    expect(within(log).getAllByText('创建客户 深圳市中兴通讯股份有限公司')).toHaveLength(2);
    expect(within(log).getByText('成功')).toBeTruthy();
  });

  it('a keyword another customer has: the warning shows its name and 业务员; 仍然保存 saves with confirmation', async () => {
    bridge.answer(
      'customers.create',
      refused({
        code: 'duplicate',
        message: '关键字重复',
        details: { matches: [{ name: '中兴通讯（北京）有限公司', ownerName: '李四' }] },
      }),
      ok(customer),
    );
    render(<CustomerForm mode="create" />);
    await screen.findByRole('option', { name: '潜在客户' });
    type('客户名称', '深圳市中兴通讯股份有限公司');
    type('关键字', '中兴');
    ok确定();
    const warning = await screen.findByRole('dialog', { name: '可能重复的客户' });
    expect(within(warning).getByText('中兴通讯（北京）有限公司')).toBeTruthy();
    expect(within(warning).getByText('李四')).toBeTruthy();
    // Not shown as a refusal of the form.
    expect(screen.getByRole('dialog', { name: '创建客户' }).querySelector('.form-error')).toBeNull();

    fireEvent.click(within(warning).getByRole('button', { name: '仍然保存' }));
    await waitFor(() => expect(useCustomers.getState().form).toBeNull());
    expect(
      bridge.inputsOf('customers.create').map((i) => (i as { confirmDuplicates: boolean }).confirmDuplicates),
    ).toEqual([false, true]);
  });

  it('编辑客户 loads the customer; 确定 with nothing changed sends nothing and says so', async () => {
    bridge.answer('customers.get', ok(customer));
    useCustomers.setState({ form: { mode: 'edit', id: 42 } });
    render(
      <>
        <CustomerForm mode="edit" id={42} />
        <MessagePane />
      </>,
    );
    await screen.findByDisplayValue('深圳市中兴通讯股份有限公司');
    expect(field('邮箱').value).toBe('info@zte.com.cn');
    await act(async () => ok确定());
    await waitFor(() => expect(useCustomers.getState().form).toBeNull());
    expect(bridge.inputsOf('customers.update')).toEqual([]);
    expect(within(screen.getByRole('log')).getByText('没有修改，无需保存')).toBeTruthy();
  });
});
