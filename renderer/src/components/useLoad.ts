import { useCallback, useEffect, useRef, useState } from 'react';
import type { Area } from '../../../core/contract';
import { errorText } from '../api/client';
import { useChanges } from '../api/live';

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
      .catch((err) => setLoadError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);
  return { value, setValue, loadError, reload };
}

/**
 * What a view shows from one read call that depends on its filters: loads again whenever `key`
 * (which says everything `load` depends on) changes, or the given areas changed anywhere (this
 * window or another PC). `loading` while the shown data is for an older key.
 */
export function useLoadFor<T>(
  key: string,
  areas: readonly Area[],
  load: () => Promise<T>,
): { data: T | null; error: string; loading: boolean } {
  const revision = useChanges(areas);
  const [state, setState] = useState<{ key: string; data: T | null; error: string }>({
    key: '',
    data: null,
    error: '',
  });
  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setState({ key, data, error: '' }))
      .catch((err) => live && setState({ key, data: null, error: errorText(err) }));
    return () => {
      live = false;
    };
    // `load` is rebuilt every render; `key` says everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision]);
  return { data: state.data, error: state.error, loading: state.key !== key };
}
