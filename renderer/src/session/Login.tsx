import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { Field } from '../components/Field';
import { useSession } from './sessionStore';

export function Login() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { message: error, busy, run } = useSubmit();
  const notice = useSession((s) => s.notice);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const user = await run(() => call('auth.login', { login, password }, { action: `${t('action.login')} ${login}` }));
    if (user) useSession.getState().signedIn(user);
  };
  return (
    <div className="auth-screen">
      <form className="auth-card" onSubmit={submit} aria-label={t('login.title')}>
        <h1>{t('app.title')}</h1>
        <h2>{t('login.title')}</h2>
        <Field label={t('field.login')} required>
          {(p) => <input {...p} value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" />}
        </Field>
        <Field label={t('field.password')} required>
          {(p) => (
            <input
              {...p}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
            />
          )}
        </Field>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        {!error && notice && (
          <div className="form-notice" role="status">
            {notice}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
