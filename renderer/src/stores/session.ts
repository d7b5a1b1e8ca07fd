import { create } from 'zustand';
import type { SessionUser } from '../../../db/contract';
import { call } from '../api/client';

type Phase = 'loading' | 'setup' | 'login' | 'ready';

interface SessionState {
  phase: Phase;
  user: SessionUser | null;
  /** Asks the main side whether first run is needed and who is logged in on this window. */
  load(): Promise<void>;
  signedIn(user: SessionUser): void;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  phase: 'loading',
  user: null,
  async load() {
    const state = await call('auth.state');
    set({ user: state.user, phase: state.user ? 'ready' : state.needsSetup ? 'setup' : 'login' });
  },
  signedIn: (user) => set({ user, phase: 'ready' }),
  async logout() {
    await call('auth.logout', undefined, { action: '退出登录' });
    set({ user: null, phase: 'login' });
  },
}));
