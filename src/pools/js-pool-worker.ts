// The worker of a JsPool: imports the user's module once, then runs chunks of
// calls to its exported functions.

import { exposeApi } from '../worker/expose.js'
import { errorLine } from '../errors.js'

export interface JsPoolWorkerApi {
  /** Imports the module at `url`; resolves with its exported function names. */
  load(url: string): Promise<string[]>
  /** Calls `fn` on each item (spread when `tuples`); the first failure ends the chunk, with the results before it. */
  run(fn: string, items: unknown[], tuples: boolean): Promise<{ results: unknown[] } | { results: unknown[]; failed: number; error: string }>
}

let functions: Record<string, (...args: unknown[]) => unknown> = {}

const api: JsPoolWorkerApi = {
  async load(url) {
    const module = (await import(url)) as Record<string, unknown>
    functions = Object.fromEntries(Object.entries(module).filter(([, value]) => typeof value === 'function')) as typeof functions
    return Object.keys(functions)
  },
  async run(fn, items, tuples) {
    const f = functions[fn]!
    const results: unknown[] = new Array(items.length)
    for (let i = 0; i < items.length; i++) {
      try {
        const value = tuples ? f(...(items[i] as unknown[])) : f(items[i])
        results[i] = value instanceof Promise ? await value : value
      } catch (error) {
        return { results: results.slice(0, i), failed: i, error: errorLine(error) }
      }
    }
    return { results }
  },
}

exposeApi(api)
