// The browser twin of platform.ts (the browser build swaps it in): no node:
// import, so every bundler takes the bundle as it is.

/** Node (worker_threads, file: URLs) or a browser (Web Workers, fetch). */
export const runtime: 'node' | 'browser' = 'browser'

/** Logical cores the browser reports (navigator.hardwareConcurrency; at least 1). */
export const cores = (): number =>
  Math.max(1, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1)

/** True on a thread that must never block: a page (Atomics.wait is forbidden there), not a Worker. */
export const onMainThread: boolean = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined'

/** True where Atomics.wait may block this thread: in a Worker, never on a page's main thread (it throws there). */
export const mayBlock: boolean = !onMainThread

/** Browsers cannot read file: URLs; this rejects, saying to serve the file over HTTP instead. */
export async function readLocalFile(url: URL, what: string, _fix: string): Promise<Uint8Array<ArrayBuffer>> {
  throw new Error(`cannot read ${what} ${url.href} in a browser: serve the file over HTTP and pass its http(s) URL`)
}

/** Browsers load a worker from its URL as it is. */
export const workerScriptName = (script: URL, _caller: string): string => script.href
