import type { FormDraft } from './draft.util';

const DB_NAME = 'outfall-field';
const STORE = 'drafts';

let opening: Promise<IDBDatabase> | null = null;

/** The drafts database (IndexedDB: it keeps the photos' File objects too, which localStorage cannot). */
function database(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB is not available'));
    };
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export const draftStore = {
  load<V>(key: string): Promise<FormDraft<V> | undefined> {
    return run('readonly', (store) => store.get(key) as IDBRequest<FormDraft<V> | undefined>);
  },
  async save<V>(key: string, draft: FormDraft<V>): Promise<void> {
    await run('readwrite', (store) => store.put(draft, key));
  },
  async drop(key: string): Promise<void> {
    await run('readwrite', (store) => store.delete(key));
  },
  /** The keys of every kept draft (the field list marks outfalls with one). */
  keys(): Promise<string[]> {
    return run('readonly', (store) => store.getAllKeys() as IDBRequest<string[]>);
  },
};
