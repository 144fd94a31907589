// Loads kernel modules: the built-in sabre.wasm (compiled once per process or
// page and shared by every engine), or a user's own module.

import { wasmUrl } from '../platform/assets.js'
import { docsUrl, typeError } from '../errors.js'
import { readLocalFile } from '../platform/platform.js'
import { SOLO } from './instance.js'
import type { KernelSet } from './kernel-set.js'

let compiled: Promise<WebAssembly.Module> | undefined

/** The built-in kernel module, compiled on first use. */
export function builtinModule(): Promise<WebAssembly.Module> {
  compiled ??= compile(wasmUrl).catch((error: unknown) => {
    compiled = undefined
    throw error
  })
  return compiled
}

async function compile(url: URL): Promise<WebAssembly.Module> {
  const builtin = url === wasmUrl
  if (url.protocol === 'file:') return WebAssembly.compile(await readLocalFile(url, 'the kernel module', builtin ? 'run `npm run build`' : ''))
  // Fetched first and checked, so a missing file says which URL and status
  // instead of compileStreaming's "HTTP status code is not ok".
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(`cannot fetch the kernel module ${url.href} (${(error as Error)?.message ?? String(error)})`)
  })
  if (!response.ok) {
    throw new Error(`cannot fetch the kernel module ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` +
      (builtin ? `; the build or the server left sabre.wasm out there: see ${docsUrl('browser.md#missing-files')}` : ''))
  }
  // compileStreaming insists on the application/wasm MIME type, which some servers do not send for .wasm.
  const streaming = response.headers.get('Content-Type')?.split(';')[0]?.trim() === 'application/wasm'
  return streaming ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer())
}

/** A user's module: a WebAssembly.Module, its bytes, or a URL (file: in Node, fetched in browsers). */
export async function userModule(source: unknown): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source
  if (source instanceof URL) return compile(source)
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssembly.compile(source as BufferSource)
  throw typeError('module.wasm', 'a WebAssembly.Module, its bytes, or a URL of the .wasm file', source)
}

/**
 * Instantiates `module` once on the main side, before any worker: checks that
 * it imports a shared memory, exports heapBase() and every described kernel
 * with the right number of parameters; returns where its static data ends.
 */
export async function inspectModule(module: WebAssembly.Module, memory: WebAssembly.Memory, kernels: KernelSet): Promise<number> {
  const imports = WebAssembly.Module.imports(module)
  if (!imports.some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory')) {
    throw new TypeError('the kernel module must import its memory as env.memory: compile with --importMemory --sharedMemory')
  }
  let instance: WebAssembly.Instance
  try {
    instance = await WebAssembly.instantiate(module, { env: { memory, abort: () => {}, seed: () => 0, trace: () => {} }, sabre: { ...SOLO } })
  } catch (error) {
    throw new TypeError(`the kernel module cannot use sabre's shared memory (${(error as Error).message}): compile with ` +
      '--importMemory --sharedMemory --maximumMemory 65536 --runtime stub')
  }
  const exports = instance.exports
  const read = exports.heapBase
  if (typeof read !== 'function') {
    throw new TypeError('the kernel module must export heapBase(): add `export function heapBase(): usize { return __heap_base }`')
  }
  for (const name of kernels.names) {
    const fn = exports[name]
    if (typeof fn !== 'function') throw new TypeError(`the kernel module has no exported function ${name}`)
    const expected = kernels.arity(name)
    if (fn.length !== expected) {
      throw new TypeError(`kernel ${name} takes ${fn.length} wasm parameters, but its description says ${expected} ` +
        '(its params, plus begin and end for a range kernel)')
    }
  }
  return (read as () => number)() >>> 0
}
