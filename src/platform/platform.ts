// What differs between Node and browsers, besides where files live (assets.ts):
// how many cores there are, whether this thread may block, how local files
// are read and how threads.js wants a worker script named. The browser build
// replaces this module with platform.browser.ts, so the node: imports below
// never reach a browser bundle; both twins export the same names
// (test/platform/platform.test.ts checks that they agree).

import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMainThread } from 'node:worker_threads'

/** Node (worker_threads, file: URLs) or a browser (Web Workers, fetch). */
export const runtime: 'node' | 'browser' = 'node'

/** Logical cores this program may use. */
export const cores = (): number => availableParallelism()

/** True on a thread that must never block: Node's main thread (a browser page in the twin). */
export const onMainThread: boolean = isMainThread

/**
 * True where Atomics.wait may block this thread, as a synchronous region's
 * caller does (OpenMP's master thread blocks too): anywhere in Node, its main
 * thread included. Queues and locks still refuse to block Node's main thread
 * (onMainThread): their waits are open-ended, a region's are not.
 */
export const mayBlock: boolean = true

/** The bytes of a file: URL; failure rejects with an Error naming `what`, the path, the code and `fix`. */
export async function readLocalFile(url: URL, what: string, fix: string): Promise<Uint8Array<ArrayBuffer>> {
  return readFile(url).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${what} ${fileURLToPath(url)} (${error.code ?? error.message})${fix ? `: ${fix}` : ''}`)
  })
}

/**
 * The name threads.js should be given for the worker script `script`. In Node
 * it resolves a worker path against the directory of the file that calls
 * `new Worker` (`caller`), so the path is made relative to that.
 */
export function workerScriptName(script: URL, caller: string): string {
  const path = relative(dirname(fileURLToPath(caller)), fileURLToPath(script))
  return path.startsWith('.') ? path : `./${path}`
}
