// Loads the compiled kernel module once per process (or page) and shares it:
// a WebAssembly.Module is compiled once and instantiated by every worker.

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined

/** The built module, next to the compiled sources (dist/sabre.wasm). */
const wasmUrl = new URL('../../sabre.wasm', import.meta.url)

let compiled: Promise<WebAssembly.Module> | undefined

/** The built-in kernel module, compiled on first use. */
export function builtinModule(): Promise<WebAssembly.Module> {
  compiled ??= compile().catch((error: unknown) => {
    compiled = undefined
    throw error
  })
  return compiled
}

async function compile(): Promise<WebAssembly.Module> {
  if (isNode) {
    const { readFile } = await import('node:fs/promises')
    const bytes = await readFile(wasmUrl).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read the kernel module at ${wasmUrl.pathname} (${error.code}): run \`npm run build\``)
    })
    return WebAssembly.compile(bytes)
  }
  return WebAssembly.compileStreaming(fetch(wasmUrl))
}

/** The byte address where the module's static data ends, read from its `heapBase` export. */
export async function heapBase(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<number> {
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort: () => {} } })
  const read = instance.exports.heapBase
  if (typeof read !== 'function') throw new TypeError('the kernel module must export heapBase(): usize')
  return (read as () => number)() >>> 0
}
