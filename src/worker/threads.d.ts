// Types for the part of threads.js that spawn.ts and main.ts use: its package
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
}

declare module 'threads/worker' {
  export function expose(api: Record<string, (...args: never[]) => unknown>): void
}
