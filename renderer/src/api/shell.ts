import type { Result } from '../../../core/contract';

/** The desktop shell's own calls (electron/shell.ts), present only in the desktop app. */
export interface CrmShell {
  call(name: string, input?: unknown): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    crmShell?: CrmShell;
  }
}

export interface ConnectionInfo {
  chosen: boolean;
  mode: 'local' | 'client';
  server: { url: string; fingerprint: string } | null;
}

export interface FoundServer {
  name: string;
  url: string;
  fingerprint: string;
}

export const hasShell = () => !!window.crmShell;

/** Calls the shell; throws an Error with its message when it refuses. */
export async function shellCall<T>(name: string, input?: unknown): Promise<T> {
  if (!window.crmShell) throw new Error('只有桌面版可以设置连接');
  const r = await window.crmShell.call(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
