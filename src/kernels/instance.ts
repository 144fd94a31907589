// One instance of a kernel module on the shared memory: what every team
// member runs kernels with. Workers make one at boot; the engine makes one on
// the calling thread for synchronous regions.

import { instantiate } from '@assemblyscript/loader'

export type Kernel = (...args: number[]) => number | void

/**
 * What a module's phased kernels import as "sabre" (assembly/kernel.ts):
 * this member's index, the team's size, and the region's barrier. Each
 * member's instance gets its own (region/phase.ts makes them): plain
 * functions, since wasm calls them with no `this`.
 */
export interface PhaseImports {
  readonly threadIndex: () => number
  readonly threadCount: () => number
  readonly barrier: () => void
}

/** For an instance that runs no phased region (the main side's inspection): index 0 of a team of 1, where a barrier returns at once. */
export const SOLO: PhaseImports = { threadIndex: () => 0, threadCount: () => 1, barrier: () => {} }

/**
 * Instantiates `module` on `memory` with this member's `phase` imports, looks
 * up `kernels` (in id order), gives the instance its worker `token` (if the
 * module keeps one) and calls each kernel named in `warm` once on an empty
 * range so V8 compiles it (a phased kernel has no empty range: never warm one).
 */
export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory,
  kernels: readonly string[], token: number, warm: readonly string[], phase: PhaseImports): Promise<Kernel[]> {
  const abort = (message: number, file: number, line: number, column: number): never => {
    const where = file ? ` (${readString(memory, file)}:${line}:${column})` : ''
    throw Object.assign(new Error(readString(memory, message) + where), { name: 'abort' })
  }
  const { exports } = await instantiate<Record<string, unknown>>(module, { env: { memory, abort }, sabre: { ...phase } })
  const functions = kernels.map((name) => {
    const fn = exports[name]
    if (typeof fn !== 'function') throw new TypeError(`the module has no exported function ${JSON.stringify(name)}`)
    return fn as Kernel
  })
  const setToken = exports.setWorkerToken
  if (typeof setToken === 'function') setToken(token)
  for (const name of warm) warmUp(exports[name] as Kernel)
  return functions
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
