import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { Field } from '../components/Field';
import { useSession } from './sessionStore';

/** First run: the database has no staff yet, so the administrator is created here. */
export function Setup() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ name: '', login: '', password: '', confirm: '' });
  const { errors, message, run } = useSubmit();
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const user = await run(() => call('auth.setup', form, { action: t('action.setup') }));
    if (user) useSession.getState().signedIn(user);
  };
  return (
    <div className="auth-screen">
      <form className="auth-card" onSubmit={submit} aria-label={t('setup.title')}>
        <h1>{t('app.title')}</h1>
        <h2>{t('setup.title')}</h2>
        <p className="muted">{t('setup.intro')}</p>
        <Field label={t('field.name')} required error={errors.name}>
          {(p) => <input {...p} value={form.name} onChange={set('name')} autoComplete="name" />}
        </Field>
        <Field label={t('field.login')} required error={errors.login}>
          {(p) => <input {...p} value={form.login} onChange={set('login')} autoComplete="username" />}
        </Field>
        <Field label={t('field.password')} required error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              value={form.password}
              onChange={set('password')}
              autoComplete="new-password"
            />
          )}
        </Field>
        <Field label={t('field.confirm')} required error={errors.confirm}>
          {(p) => (
            <input {...p} type="password" value={form.confirm} onChange={set('confirm')} autoComplete="new-password" />
          )}
        </Field>
        {message && !Object.keys(errors).length && (
          <div className="form-error" role="alert">
            {message}
          </div>
        )}
        <button type="submit" className="primary">
          {t('setup.submit')}
        </button>
      </form>
    </div>
  );
}
