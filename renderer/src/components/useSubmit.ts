import { useState } from 'react';
import { CallError, errorText } from '../api/client';

export interface SubmitOptions {
  /**
   * A refusal the form shows its own way (e.g. 'duplicate': the keyword warning): return true and
   * it is not shown as the form's message and field errors.
   */
  handle?(err: CallError): boolean;
  /** After a refusal is shown, still busy: e.g. read again what someone else changed meanwhile. */
  afterRefusal?(err: CallError): Promise<unknown>;
  /** The form's name of a field the data side names otherwise (a batch's 'created.0.content'). */
  fieldName?(name: string): string;
}

/**
 * A form's submit, the one way every form of the renderer saves: busy while it runs (the 确定
 * button is disabled); a refusal from the data side becomes the form's message and its field
 * errors, shown beside the fields — the dialog (components/Modal.tsx) then puts the focus on the
 * first field in error. Any other failure (the connection) shows as the form's message. `run`
 * returns what the work returned, or undefined when it failed.
 */
export function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<T>, opts: SubmitOptions = {}): Promise<T | undefined> {
    setBusy(true);
    setErrors({});
    setMessage('');
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof CallError)) {
        setMessage(errorText(err));
        return undefined;
      }
      if (opts.handle?.(err)) return undefined;
      const fields = err.error.fields ?? {};
      const rename = opts.fieldName;
      setErrors(rename ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [rename(k), v])) : fields);
      setMessage(err.error.message);
      await opts.afterRefusal?.(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { errors, message, busy, run, setErrors, setMessage };
}
