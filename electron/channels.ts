/** IPC channel names shared by the main process (ipc.ts) and the preload. */
export const INVOKE_CHANNEL = 'crm:invoke';
export const EVENT_CHANNEL = 'crm:event';
export const SHELL_CHANNEL = 'crm:shell';
