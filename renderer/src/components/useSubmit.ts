import { useState } from 'react';
import { CallError } from '../api/client';

/**
 * A form's submit: busy while it runs; a refusal from the data side becomes the form's message
 * and its field errors (shown beside the fields), anything else is thrown on.
 */
export function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setErrors({});
    setMessage('');
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      setErrors(err.error.fields ?? {});
      setMessage(err.error.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { errors, message, busy, run, setErrors, setMessage };
}
