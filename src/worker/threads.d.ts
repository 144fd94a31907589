// Types for the part of threads.js that sabre uses (spawn.ts, the worker
// entries, and bench/pool's comparison with its Pool): its package
// "exports" map hides the typings it ships, so TypeScript cannot reach them.

declare module 'threads' {
  /** threads.js's portable Worker: worker_threads in Node, a Web Worker in browsers. */
  export class Worker {
    constructor(script: string, options?: { type?: 'module' | 'classic' })
    addEventListener(event: 'error' | 'message', listener: (event: never) => void): void
    terminate(): Promise<void> | void
  }
  export function spawn<Api = unknown>(worker: Worker, options?: { timeout?: number }): Promise<Api & object>
  export const Thread: { terminate(thread: object): Promise<void> }
  /** threads.js's task pool (used only by bench/pool, as a peer). */
  export interface ThreadsPool<Api> {
    queue<T>(task: (worker: Api) => Promise<T>): Promise<T>
    settled(allowResolvingImmediately?: boolean): Promise<Error[]>
    terminate(force?: boolean): Promise<void>
  }
  export function Pool<Api>(spawnWorker: () => Promise<Api>, size?: number): ThreadsPool<Api>
}

declare module 'threads/worker' {
  export function expose(api: Record<string, (...args: never[]) => unknown>): void
}
