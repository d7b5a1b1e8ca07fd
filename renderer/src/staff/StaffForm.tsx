import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode, Role, Staff } from '../../../core/contract';
import { flattenDepartments } from './departments';
import { call } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { foldInput } from '../../../core/input';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { useDiscardGuard } from '../components/discard';
import { Modal } from '../components/Modal';

interface Draft {
  name: string;
  login: string;
  role: Role;
  department: string;
  departmentId: number | null;
  title: string;
  mobile: string;
  email: string;
  hiredOn: string;
  active: boolean;
  password: string;
}

const TEXT = [
  ['title', 'staff.jobTitle'],
  ['mobile', 'staff.mobile'],
  ['email', 'staff.email'],
] as const;

function draftOf(s: Staff | undefined): Draft {
  return {
    name: s?.name ?? '',
    login: s?.login ?? '',
    role: s?.role ?? 'sales',
    department: s?.department ?? '',
    departmentId: s?.departmentId ?? null,
    title: s?.title ?? '',
    mobile: s?.mobile ?? '',
    email: s?.email ?? '',
    hiredOn: s?.hiredOn ?? '',
    active: s?.active ?? true,
    password: '',
  };
}

/**
 * 新增人员 / 编辑人员. A login needs an initial password (on adding, or when someone without a
 * login gets one); the person must change it at their first login.
 */
export function StaffForm({ staff, onClose }: { staff?: Staff; onClose(): void }) {
  // 新增人员: 取消 / Esc after typing asks before discarding.
  const cancel = useDiscardGuard(!staff, 'staff-form', onClose);
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(staff));
  const { errors, message, busy, run } = useSubmit();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const needsPassword = draft.login.trim() !== '' && !staff?.login;
  const [departments, setDepartments] = useState<DepartmentNode[]>([]);
  useEffect(() => {
    call('departments.list')
      .then(setDepartments)
      .catch(() => setDepartments([]));
  }, []);
  // Errors of these fields show beside them; any other error shows under the form.
  const shown = new Set(['name', 'role', 'login', 'departmentId', ...TEXT.map(([k]) => k), 'hiredOn', 'active']);
  if (needsPassword) shown.add('password');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const fields = { ...draft, password: needsPassword ? draft.password : '' };
    const saved = await run(() =>
      staff
        ? call(
            'staff.update',
            { ...fields, id: staff.id, version: staff.version },
            { action: t('staff.action.edit', { name: draft.name }) },
          )
        : call('staff.create', fields, { action: t('staff.action.create', { name: draft.name }) }),
    );
    if (saved) onClose();
  };

  return (
    <Modal
      title={staff ? t('staff.editTitle') : t('staff.createTitle')}
      onClose={cancel}
      width={620}
      footer={
        <>
          <button type="submit" form="staff-form" className="primary" disabled={busy}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="staff-form" className="form-grid" onSubmit={submit} noValidate>
        <Field label={t('staff.name')} required error={errors.name}>
          {(p) => <input {...p} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label={t('staff.role')} required error={errors.role}>
          {(p) => (
            <select {...p} value={draft.role} onChange={(e) => set('role', e.target.value as Role)}>
              <option value="sales">{t('staff.roleSales')}</option>
              <option value="manager">{t('staff.roleManager')}</option>
              <option value="admin">{t('staff.roleAdmin')}</option>
            </select>
          )}
        </Field>
        <Field
          label={t('staff.department')}
          required={draft.role === 'manager'}
          error={errors.departmentId}
          hint={draft.role === 'manager' ? t('staff.departmentManagerHint') : undefined}
        >
          {(p) => (
            <select
              {...p}
              value={draft.departmentId ?? ''}
              onChange={(e) => set('departmentId', e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{t('staff.departmentNone')}</option>
              {flattenDepartments(departments).map((f) => (
                <option key={f.node.id} value={f.node.id}>
                  {f.path}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div />
        <Field label={t('staff.login')} error={errors.login} hint={t('staff.loginHint')}>
          {(p) => (
            <input {...p} value={draft.login} autoComplete="off" onChange={(e) => set('login', e.target.value)} />
          )}
        </Field>
        {needsPassword ? (
          <Field
            label={t('staff.initialPassword')}
            required
            error={errors.password}
            hint={t('staff.initialPasswordHint')}
          >
            {(p) => (
              <input
                {...p}
                value={draft.password}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set('password', e.target.value)}
              />
            )}
          </Field>
        ) : (
          <div />
        )}
        {TEXT.map(([k, label]) => (
          <Field key={k} label={t(label)} error={errors[k]}>
            {(p) => (
              <input
                {...p}
                value={draft[k]}
                onChange={(e) => set(k, k === 'mobile' || k === 'email' ? foldInput(e.target.value) : e.target.value)}
              />
            )}
          </Field>
        ))}
        <Field label={t('staff.hiredOn')} error={errors.hiredOn}>
          {(p) => <DateInput {...p} value={draft.hiredOn} onChange={(v) => set('hiredOn', v)} />}
        </Field>
        <Field label={t('staff.active')} error={errors.active}>
          {(p) => (
            <input
              {...p}
              type="checkbox"
              className="checkbox"
              checked={draft.active}
              onChange={(e) => set('active', e.target.checked)}
            />
          )}
        </Field>
        {message && !Object.keys(errors).some((k) => shown.has(k)) && (
          <div className="form-error wide" role="alert">
            {message}
          </div>
        )}
      </form>
    </Modal>
  );
}
