import { useCallback, useEffect, useRef, useState } from 'react';
import { CallError } from '../api/client';

/**
 * What a dialog shows from one read call: the value once loaded, the refusal's message, and
 * `reload` (after a change the dialog made itself).
 */
export function useLoad<T>(load: () => Promise<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [loadError, setLoadError] = useState('');
  // The loader is the dialog's one call, a new function each render: read at each reload.
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    loader
      .current()
      .then((v) => {
        setValue(v);
        setLoadError('');
      })
      .catch((err) => setLoadError(err instanceof CallError ? err.error.message : String(err)));
  }, []);
  useEffect(reload, [reload]);
  return { value, setValue, loadError, reload };
}
