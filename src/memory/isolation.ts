// Browsers give SharedArrayBuffer (and shared wasm memory) only to pages that
// are cross-origin isolated. Checking first turns a cryptic ReferenceError
// deep in start-up into a message that says which headers are missing.

import { docsUrl, IsolationError } from '../errors.js'

/** Throws IsolationError unless this realm can share memory between threads. */
export function requireSharedMemory(): void {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated
  if (typeof SharedArrayBuffer === 'function' && isolated !== false) return
  throw new IsolationError(
    'sabre needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages, and this page is not ' +
    `(crossOriginIsolated is ${String(isolated)}): serve the page with the headers ` +
    '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (or "credentialless"); ' +
    'where the host cannot set headers, load coi-serviceworker. ' +
    `How, per server and bundler: ${docsUrl('browser.md#cross-origin-isolation')}`)
}
