import { useEffect } from 'react';
import { QuestionDialog } from './components/QuestionDialog';
import { ForcedPasswordChange } from './dialogs/ChangePasswordDialog';
import { CustomerScreen } from './screens/CustomerScreen';
import { Login } from './screens/Login';
import { Setup } from './screens/Setup';
import { useSession } from './stores/session';

export function App() {
  const phase = useSession((s) => s.phase);
  const mustChangePassword = useSession((s) => !!s.user?.mustChangePassword);
  useEffect(() => {
    void useSession.getState().load();
  }, []);
  return (
    <>
      {phase === 'setup' && <Setup />}
      {phase === 'login' && <Login />}
      {phase === 'ready' && (mustChangePassword ? <ForcedPasswordChange /> : <CustomerScreen />)}
      <QuestionDialog />
    </>
  );
}
