import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError, call } from '../api/client';
import { Field } from '../components/Field';
import { useSession } from './sessionStore';

export function Login() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const notice = useSession((s) => s.notice);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const user = await call('auth.login', { login, password }, { action: `${t('action.login')} ${login}` });
      useSession.getState().signedIn(user);
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      setError(err.error.message);
    } finally {
      setBusy(false);
    }
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
