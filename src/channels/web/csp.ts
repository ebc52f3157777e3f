import { randomBytes } from 'node:crypto';

/** A fresh, unguessable nonce for one response's Content-Security-Policy. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The hash of an empty <style>. Web Chat 4.18 does not hand its nonce to react-scroll-to-bottom,
 * whose emotion cache appends an empty <style> and fills it through CSSOM insertRule (not
 * subject to CSP). Allowing only the empty element keeps inline CSS text blocked.
 */
const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/**
 * The widget page's policy: everything from the bot's own origin, nothing from a CDN.
 * - style-src carries the nonce Web Chat stamps on the <style> elements it injects (emotion),
 *   and the empty-style hash above; no 'unsafe-inline'.
 * - script-src has no 'unsafe-eval': the 4.18 bundle only reaches `new Function` behind a
 *   `globalThis` check, and the browser test fails on any policy violation.
 * - img-src blob: and data: for Web Chat's inlined images (typing indicator, card images).
 * - connect-src 'self' covers the same-origin ws:/wss: Direct Line stream (CSP Level 3).
 * - frame-ancestors decides which sites may show the page in the embed.js iframe.
 */
export function widgetPolicy(nonce: string, frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}
