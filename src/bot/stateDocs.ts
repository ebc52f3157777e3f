import { HOLD_TOKEN_FIELD } from './conversationLock';

/**
 * A bot state item as storage keeps it: its JSON without the eTag and the hold token. Each turn
 * the change check (plainChangeCheck.ts) and the Redis storage both need it, on load and on
 * save; these let whichever made it hand it to the other, so it is made once each time.
 */
export function stateDoc(item: Record<string, unknown>): string {
  const { eTag: _eTag, [HOLD_TOKEN_FIELD]: _hold, ...doc } = item;
  return JSON.stringify(doc);
}

// Two hand-overs, each taken once: a doc read for an item is never taken as the doc to write it,
// since the item may have changed between the two.
const read = new WeakMap<object, string>();
const toWrite = new WeakMap<object, string>();

/** Storage: `item` was just built from the stored `doc`. */
export function noteReadDoc(item: object, doc: string): void {
  read.set(item, doc);
}

/** The change check: the doc `item` was just read from, if the storage said. */
export function takeReadDoc(item: object): string | undefined {
  return take(read, item);
}

/** The change check: `item`'s doc, made just now for the write that follows at once. */
export function noteDocToWrite(item: object, doc: string): void {
  toWrite.set(item, doc);
}

/** Storage: the doc handed over for writing `item`, if any. */
export function takeDocToWrite(item: object): string | undefined {
  return take(toWrite, item);
}

function take(docs: WeakMap<object, string>, item: object): string | undefined {
  const doc = docs.get(item);
  if (doc !== undefined) docs.delete(item);
  return doc;
}
