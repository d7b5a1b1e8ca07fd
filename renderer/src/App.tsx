import { useEffect } from 'react';
import { QuestionDialog } from './components/QuestionDialog';
import { CustomerScreen } from './screens/CustomerScreen';
import { Login } from './screens/Login';
import { Setup } from './screens/Setup';
import { useSession } from './stores/session';

export function App() {
  const phase = useSession((s) => s.phase);
  useEffect(() => {
    void useSession.getState().load();
  }, []);
  return (
    <>
      {phase === 'setup' && <Setup />}
      {phase === 'login' && <Login />}
      {phase === 'ready' && <CustomerScreen />}
      <QuestionDialog />
    </>
  );
}
