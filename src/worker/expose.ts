// The worker side of the threads.js adapter (spawn.ts is the main side): the
// only other file that imports threads.js. A worker script hands its API to
// exposeApi and never touches threads.js itself.

import { expose } from 'threads/worker'

/**
 * Makes `api`'s functions callable from the thread that spawned this one
 * (spawnThread's `api`). threads.js types expose() loosely: an API of typed
 * functions needs a cast, made here once.
 */
export function exposeApi<Api extends object>(api: Api): void {
  expose(api as unknown as Record<string, (...args: never[]) => unknown>)
}

/**
 * Runs `work` once threads.js has posted the reply of the call being served:
 * it posts the reply after the call's promise resolves, so work that blocks
 * this thread from inside the call (the team loop) would hold the reply back
 * for good. One macrotask later, the reply is out.
 */
export function afterReply(work: () => void): void {
  setTimeout(work, 0)
}
