// Browsers give SharedArrayBuffer (and shared wasm memory) only to pages that
// are cross-origin isolated, and some give it to no page at all. Checking
// first turns a cryptic ReferenceError deep in start-up into a message that
// is true of the page it runs in: headers missing, isolated but no
// SharedArrayBuffer (WebKitGTK, WPE), or a browser too old for either.

import { docsUrl, IsolationError } from '../errors.js'

/** What a realm offers for sharing memory: `crossOriginIsolated` (undefined outside browsers) and whether SharedArrayBuffer exists. */
export interface SharedMemorySupport {
  readonly isolated: boolean | undefined
  readonly sharedArrayBuffer: boolean
}

/** This realm's support, read from globalThis. */
export function sharedMemorySupport(): SharedMemorySupport {
  return {
    isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  }
}

/** Why sabre cannot run with `support`, in words true of that page; undefined when it can. */
export function isolationProblem({ isolated, sharedArrayBuffer }: SharedMemorySupport): string | undefined {
  if (sharedArrayBuffer && isolated !== false) return undefined
  if (isolated === false) {
    return 'sabre needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages, and this page is not ' +
      '(crossOriginIsolated is false): serve the page with the headers ' +
      '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (or "credentialless"); ' +
      'where the host cannot set headers, load coi-serviceworker. ' +
      `How, per server and bundler: ${docsUrl('browser.md#cross-origin-isolation')}`
  }
  if (isolated === true) {
    return 'sabre needs SharedArrayBuffer, and this browser gives none even to this page, which is cross-origin isolated ' +
      '(crossOriginIsolated is true, SharedArrayBuffer is undefined): the headers are right, the browser is the limit. ' +
      'WebKitGTK and WPE WebKit builds do this (their JavaScriptCore has SharedArrayBuffer off; ' +
      'JSC_useSharedArrayBuffer=1 in the environment of the browser turns it on); ' +
      'Chrome, Edge, Firefox and Safari give it to isolated pages. ' +
      `What runs where: ${docsUrl('browser.md#browsers')}`
  }
  return 'sabre needs SharedArrayBuffer, and this browser has neither it nor crossOriginIsolated: it predates both ' +
    '(Chrome 92, Firefox 79 and Safari 15.2 have them). ' +
    `What runs where: ${docsUrl('browser.md#browsers')}`
}

/** Throws IsolationError unless this realm can share memory between threads. */
export function requireSharedMemory(support: SharedMemorySupport = sharedMemorySupport()): void {
  const problem = isolationProblem(support)
  if (problem !== undefined) throw new IsolationError(problem)
}
