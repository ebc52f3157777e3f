/**
 * Sets `key` in a map used as a bounded cache: once it holds `max` entries, the oldest goes (a Map
 * iterates in insertion order). A key set again moves to the newest end.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}
