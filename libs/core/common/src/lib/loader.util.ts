import DataLoader from 'dataloader';

const LOADERS = Symbol('loaders');

/**
 * A DataLoader cached on the GraphQL request context, so a page of records resolves its relations in one
 * query per relation instead of one per record.
 */
export function loaderFor<K, V>(
  context: object,
  name: string,
  batch: (keys: readonly K[]) => Promise<Map<K, V>>,
): DataLoader<K, V | null> {
  const holder = context as { [LOADERS]?: Map<string, DataLoader<K, V | null>> };
  holder[LOADERS] ??= new Map();
  let loader = holder[LOADERS].get(name);
  if (!loader) {
    loader = new DataLoader<K, V | null>(async (keys) => {
      const found = await batch(keys);
      return keys.map((key) => found.get(key) ?? null);
    });
    holder[LOADERS].set(name, loader);
  }
  return loader;
}
