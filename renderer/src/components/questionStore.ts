import { create } from 'zustand';

/**
 * One modal question at a time: confirm (确定/取消), prompt (a text, validated by the caller) or
 * choice (one of a few answers, the first the default; Esc or 取消 answers null).
 */
export type Question =
  | {
      kind: 'choice';
      title: string;
      message: string;
      choices: { value: string; label: string }[];
      resolve(value: string | null): void;
    }
  | { kind: 'confirm'; title: string; message: string; okLabel?: string; resolve(ok: boolean): void }
  | {
      kind: 'prompt';
      title: string;
      label: string;
      initial: string;
      /** Returns an error message to show (and keep the dialog open), or null when done. */
      submit(value: string): Promise<string | null>;
      resolve(done: boolean): void;
    };

interface DialogsState {
  question: Question | null;
  ask(q: Question): void;
  done(): void;
}

export const useDialogs = create<DialogsState>((set) => ({
  question: null,
  ask: (question) => set({ question }),
  done: () => set({ question: null }),
}));

export function confirmDialog(title: string, message: string, okLabel?: string): Promise<boolean> {
  return new Promise((resolve) => useDialogs.getState().ask({ kind: 'confirm', title, message, okLabel, resolve }));
}

export function choiceDialog(
  title: string,
  message: string,
  choices: { value: string; label: string }[],
): Promise<string | null> {
  return new Promise((resolve) => useDialogs.getState().ask({ kind: 'choice', title, message, choices, resolve }));
}

export function promptDialog(
  title: string,
  label: string,
  initial: string,
  submit: (v: string) => Promise<string | null>,
) {
  return new Promise<boolean>((resolve) =>
    useDialogs.getState().ask({ kind: 'prompt', title, label, initial, submit, resolve }),
  );
}
