import type { AppErrorShape, Input, MethodName, Output } from '../../../core/contract';
import i18next from 'i18next';
import { localizeError } from '../i18n/serverText';
import { useMessages } from '../messages/messagesStore';
import { bridge } from './bridge';

/** A failed call: carries the router's error (code, message, fields, details). */
export class CallError extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
  }
}

/** What to show of a failure: the router's message (a refusal), else the error's own message. */
export const errorText = (err: unknown): string =>
  err instanceof CallError ? err.error.message : err instanceof Error ? err.message : String(err);

export interface CallOptions {
  /** What the user did, as shown in the Message pane ('创建客户 中兴'); absent: not reported. */
  action?: string;
  /** Do not report a failure with these codes (the caller shows it another way). */
  quietCodes?: AppErrorShape['code'][];
}

let sessionProblem: (() => void) | null = null;

/**
 * Called when the main side says this window's session ended (the user was disabled, lost their
 * login) or must first change its password (reset by an administrator): the session store then
 * asks auth.state again and shows the login or the 修改密码 screen.
 */
export function onSessionProblem(callback: () => void) {
  sessionProblem = callback;
}

/** The typed client: every call goes through the one router; operations report to Message. */
export async function call<N extends MethodName>(
  name: N,
  input?: Input<N>,
  opts: CallOptions = {},
): Promise<Output<N>> {
  const result = await bridge().invoke(name, input);
  if (result.ok) {
    if (opts.action) useMessages.getState().add(opts.action, true);
    return result.value as Output<N>;
  }
  // The data side words refusals in Chinese; with English chosen the user reads them in English.
  const error = localizeError(result.error, i18next.language ?? 'zh-CN');
  const { code } = error;
  if (!name.startsWith('auth.') && (code === 'unauthenticated' || code === 'password_change_required')) {
    sessionProblem?.();
  }
  if (opts.action && !opts.quietCodes?.includes(code)) {
    useMessages.getState().add(opts.action, false, error.message);
  }
  throw new CallError(error);
}
