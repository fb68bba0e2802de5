import { useCallback, useEffect, useRef, useState } from 'react';
import { draftStore } from './draft-store';
import { freshDraft, type FormDraft } from './draft.util';

const SAVE_DELAY_MS = 400;

/**
 * A form's draft, kept in the browser while it is filled in so that a reload, a dead battery or a lost
 * signal does not lose a field record: `restored` is the draft found when the form opened (once loaded),
 * `save` keeps the current values and photos (debounced), `drop` forgets it (after submitting, or on request).
 * Storage failures (private mode, quota) only mean no draft: the form works as before.
 */
export function useFormDraft<V>(key: string | null) {
  const [restored, setRestored] = useState<FormDraft<V> | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const current = useRef(key);
  current.current = key;

  useEffect(() => {
    let live = true;
    setRestored(undefined);
    setLoaded(false);
    if (!key) {
      setLoaded(true);
      return;
    }
    draftStore
      .load<V>(key)
      .then((draft) => {
        if (!live) return;
        const fresh = freshDraft(draft);
        if (draft && !fresh) void draftStore.drop(key).catch(() => undefined);
        setRestored(fresh);
      })
      .catch(() => undefined)
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [key]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const save = useCallback((values: V, photos: File[] = []) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const target = current.current;
      if (target)
        void draftStore.save(target, { values, photos, savedAt: Date.now() }).catch(() => undefined);
    }, SAVE_DELAY_MS);
  }, []);

  const drop = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    setRestored(undefined);
    const target = current.current;
    if (target) await draftStore.drop(target).catch(() => undefined);
  }, []);

  return { restored, loaded, save, drop };
}
