import { useEffect } from 'react';
import { ConnectionBanner } from './app/ConnectionBanner';
import { QuestionDialog } from './components/QuestionDialog';
import { ForcedPasswordChange } from './session/ChangePasswordDialog';
import { ConnectScreen } from './office/ConnectScreen';
import { CustomerScreen } from './customers/CustomerScreen';
import { Login } from './session/Login';
import { Setup } from './session/Setup';
import { useSession } from './session/sessionStore';
import { listenForReminders } from './reminders/remindersStore';

export function App() {
  const phase = useSession((s) => s.phase);
  const generation = useSession((s) => s.generation);
  const mustChangePassword = useSession((s) => !!s.user?.mustChangePassword);
  useEffect(() => {
    void useSession.getState().load();
    listenForReminders(); // before login: what rings at the login itself is heard
  }, []);
  const working = phase === 'ready' || phase === 'relogin';
  return (
    <>
      <ConnectionBanner />
      {phase === 'choose' && <ConnectScreen />}
      {phase === 'setup' && <Setup />}
      {phase === 'login' && <Login />}
      {working && (mustChangePassword ? <ForcedPasswordChange /> : <CustomerScreen key={generation} />)}
      {phase === 'relogin' && (
        <div className="relogin-layer">
          <Login />
        </div>
      )}
      <QuestionDialog />
    </>
  );
}
