// Worker entry: instantiate the module on the shared memory, then serve regions.
// threads.js carries the single boot message; the team loop never touches it again.

import { instantiate } from '@assemblyscript/loader'
import { expose } from 'threads/worker'
import { controlViews, GENERATION } from '../team/control-block.js'
import type { BootMessage, WorkerApi } from './protocol.js'
import { teamLoop } from './team-loop.js'

type Kernel = (...args: number[]) => number | void

const api: WorkerApi = {
  async boot({ module, memory, control, index, token, kernels, warm }: BootMessage): Promise<void> {
    const abort = (message: number, file: number, line: number, column: number): never => {
      const where = file ? ` (${readString(memory, file)}:${line}:${column})` : ''
      throw Object.assign(new Error(readString(memory, message) + where), { name: 'abort' })
    }
    const { exports } = await instantiate<Record<string, unknown>>(module, { env: { memory, abort } })
    const functions = kernels.map((name) => {
      const fn = exports[name]
      if (typeof fn !== 'function') throw new TypeError(`the module has no exported function ${JSON.stringify(name)}`)
      return fn as Kernel
    })
    const setToken = exports.setWorkerToken
    if (typeof setToken === 'function') setToken(token)
    if (warm) for (const fn of functions) warmUp(fn)
    const views = controlViews(memory.buffer, control)
    // Read now, before replying: the engine publishes no region until every worker has booted.
    const generation = Atomics.load(views.i32, GENERATION)
    const member = { views, index, kernels: functions, generation, buffer: () => memory.buffer }
    // Start serving after threads.js has posted this call's reply.
    setTimeout(() => teamLoop(member), 0)
  },
}

/** An AssemblyScript string: UTF-16 code units at `pointer`, its byte length in the 4 bytes before it. */
function readString(memory: WebAssembly.Memory, pointer: number): string {
  if (pointer === 0) return ''
  const bytes = new Uint32Array(memory.buffer, pointer - 4, 1)[0]!
  return String.fromCharCode(...new Uint16Array(memory.buffer, pointer, bytes >>> 1))
}

/** Calls a kernel on an empty range: every ABI kernel returns at once, and V8 compiles it. */
function warmUp(fn: Kernel): void {
  const zeros = new Array<number>(Math.max(0, fn.length - 2)).fill(0)
  try {
    fn(...zeros, 0, 0)
  } catch {
    // A kernel that traps on empty input shows it on its first real call.
  }
}

expose(api as unknown as Record<string, (...args: never[]) => unknown>)
