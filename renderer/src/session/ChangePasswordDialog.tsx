import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useSession } from './sessionStore';

const EMPTY = { oldPassword: '', newPassword: '', confirm: '' };

/**
 * 修改密码: the user's own password, asking for the old one. `forced`: shown instead of the
 * customer screen after a login with an initial or reset password — the only way on is a new
 * password (or 退出登录).
 */
export function ChangePasswordDialog({ forced = false, onClose }: { forced?: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(EMPTY);
  const { errors, message, busy, run } = useSubmit();
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const user = await run(() => call('auth.changePassword', form, { action: t('password.action') }));
    if (!user) return;
    useSession.getState().signedIn(user);
    onClose();
  };

  const input = (k: keyof typeof EMPTY, autoComplete: string) => (p: object) => (
    <input {...p} type="password" value={form[k]} onChange={set(k)} autoComplete={autoComplete} />
  );

  return (
    <Modal
      title={t('password.title')}
      onClose={forced ? () => void useSession.getState().logout() : onClose}
      width={420}
      footer={
        <>
          <button type="submit" form="change-password-form" className="primary" disabled={busy}>
            {t('common.ok')}
          </button>
          {forced ? (
            <button type="button" onClick={() => void useSession.getState().logout()}>
              {t('menu.logout')}
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          )}
        </>
      }
    >
      <form id="change-password-form" className="password-form" onSubmit={submit}>
        {forced && <p className="notice">{t('password.forcedIntro')}</p>}
        <Field label={t('password.old')} required error={errors.oldPassword}>
          {input('oldPassword', 'current-password')}
        </Field>
        <Field label={t('password.new')} required error={errors.newPassword} hint={t('password.hint')}>
          {input('newPassword', 'new-password')}
        </Field>
        <Field label={t('password.confirm')} required error={errors.confirm}>
          {input('confirm', 'new-password')}
        </Field>
        {message && !Object.keys(errors).length && (
          <div className="form-error" role="alert">
            {message}
          </div>
        )}
      </form>
    </Modal>
  );
}

/** After a login with an initial or reset password: nothing else until a new one is chosen. */
export function ForcedPasswordChange() {
  return (
    <div className="auth-screen">
      <ChangePasswordDialog forced onClose={() => undefined} />
    </div>
  );
}
