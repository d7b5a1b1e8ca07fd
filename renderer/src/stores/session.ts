import i18next from 'i18next';
import { create } from 'zustand';
import type { SessionUser } from '../../../db/contract';
import { call, onSessionProblem } from '../api/client';

type Phase = 'loading' | 'setup' | 'login' | 'ready';

interface SessionState {
  phase: Phase;
  user: SessionUser | null;
  /** Why this window is back at the login (the session ended elsewhere); '' when it is not. */
  notice: string;
  /** Asks the main side whether first run is needed and who is logged in on this window. */
  load(): Promise<void>;
  signedIn(user: SessionUser): void;
  /** The main side refused this window's session: ask again who is logged in. */
  recheck(): Promise<void>;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  notice: '',
  async load() {
    const state = await call('auth.state');
    set({ user: state.user, phase: state.user ? 'ready' : state.needsSetup ? 'setup' : 'login' });
  },
  signedIn: (user) => set({ user, phase: 'ready', notice: '' }),
  async recheck() {
    const wasIn = get().phase === 'ready';
    await get().load();
    if (wasIn && get().phase === 'login') set({ notice: i18next.t('password.sessionEnded') });
  },
  async logout() {
    await call('auth.logout', undefined, { action: '退出登录' });
    set({ user: null, phase: 'login', notice: '' });
  },
}));

onSessionProblem(() => void useSession.getState().recheck());
