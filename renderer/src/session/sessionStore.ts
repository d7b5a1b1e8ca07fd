import i18next from 'i18next';
import { create } from 'zustand';
import type { SessionUser } from '../../../core/contract';
import { bridge } from '../api/bridge';
import { call, onSessionProblem } from '../api/client';
import { refreshAll } from '../api/live';
import { hasShell, shellCall, type ConnectionInfo } from '../api/shell';

/**
 * 'choose': the desktop app's first start (单机使用 or 连接到办公室服务器).
 * 'relogin': the session ended on the server (the server restarted, an administrator disconnected
 * it, it was idle) while this window was working — the login shows over the screen, which stays
 * mounted so unsaved drafts survive; the same person logging in again finds them as they were.
 */
type Phase = 'loading' | 'choose' | 'setup' | 'login' | 'ready' | 'relogin';

interface SessionState {
  phase: Phase;
  user: SessionUser | null;
  /** Why this window is back at the login (the session ended elsewhere); '' when it is not. */
  notice: string;
  /** Changes when another person signs in on this window: the screens start afresh. */
  generation: number;
  /** Desktop app: where its data comes from (null in a browser). */
  connection: ConnectionInfo | null;
  /** Asks the main side whether first run is needed and who is logged in on this window. */
  load(): Promise<void>;
  signedIn(user: SessionUser): void;
  /** The main side refused this window's session: ask again who is logged in. */
  recheck(notice?: string): Promise<void>;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  notice: '',
  generation: 0,
  connection: null,
  async load() {
    if (hasShell()) {
      // The desktop app's first start asks 单机使用 or 连接到办公室服务器 (office/ConnectScreen).
      const connection = await shellCall<ConnectionInfo>('connection');
      set({ connection });
      if (!connection.chosen) {
        set({ phase: 'choose' });
        return;
      }
    }
    const state = await call('auth.state');
    set({ user: state.user, phase: state.user ? 'ready' : state.needsSetup ? 'setup' : 'login' });
  },
  signedIn(user) {
    const before = get();
    const same = before.phase === 'relogin' && before.user?.id === user.id;
    set({
      user,
      phase: 'ready',
      notice: '',
      generation: same || before.phase !== 'relogin' ? before.generation : before.generation + 1,
    });
    // Back after a break (a restart, a restore, a lost connection): the data may have changed
    // meanwhile — every pane reloads; tabs with unsaved edits keep them (their 保存 checks).
    if (same) refreshAll();
  },
  async recheck(notice) {
    const before = get();
    if (before.phase === 'relogin') return;
    const wasIn = before.phase === 'ready';
    const state = await call('auth.state').catch(() => null);
    if (state?.user) {
      set({ user: state.user, phase: 'ready' });
      return;
    }
    if (wasIn) {
      set({
        phase: 'relogin',
        notice: `${notice ?? i18next.t('password.sessionEnded')} ${i18next.t('connection.relogin')}`,
      });
      return;
    }
    if (state) set({ user: null, phase: state.needsSetup ? 'setup' : 'login' });
  },
  async logout() {
    await call('auth.logout', undefined, { action: i18next.t('menu.logout') });
    set((s) => ({ user: null, phase: 'login', notice: '', generation: s.generation + 1 }));
  },
}));

onSessionProblem(() => void useSession.getState().recheck());
bridge().on('sessionEnded', ({ reason }) => void useSession.getState().recheck(reason || undefined));
