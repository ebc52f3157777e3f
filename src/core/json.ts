/**
 * The JSON every endpoint accepts, decided in one place (src/server.ts reads bodies with these;
 * the inbound-activity parsers check again for callers that skip the server).
 */

/**
 * Deeper JSON than this is refused before anything walks it (a `value` 20,000 deep overflowed the
 * stack). Room for what channels really send: an Adaptive Card nests about two levels per container.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether a Content-Type header names JSON (`application/json`, `...+json`), parameters aside. */
export function isJsonContentType(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  const type = value?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Nesting depth of a parsed JSON value, walked without recursion and given up past `limit`. */
export function exceedsJsonDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() ?? [null, 0];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
