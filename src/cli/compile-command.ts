// `sabre compile <kernels.ts> [--out DIR] [--name NAME] [--wat]`: compiles a
// kernel module and prints what it wrote and which kernels it describes.

import { parseArgs } from 'node:util'
import { relative } from 'node:path'
import { CompileError } from '../errors.js'
import { compileKernels } from '../compile/compile.js'

export const COMPILE_USAGE = 'usage: sabre compile <kernels.ts> [--out DIR] [--name NAME] [--wat]'

/** Runs the subcommand with its arguments (after `compile`); resolves with the exit code: 0 done, 1 the source has problems, 2 bad usage. */
export async function compileCommand(args: readonly string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args], strict: true, allowPositionals: true,
      options: { out: { type: 'string' }, name: { type: 'string' }, wat: { type: 'boolean' } },
    })
  } catch (error) {
    console.error(`sabre compile: ${(error as Error).message}\n${COMPILE_USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    console.error(`sabre compile: expected one AssemblyScript file, got ${positionals.length}\n${COMPILE_USAGE}`)
    return 2
  }
  try {
    const result = await compileKernels(positionals[0]!, {
      ...(values.out !== undefined && { outDir: values.out }), ...(values.name !== undefined && { name: values.name }), wat: values.wat === true,
    })
    const shown = (path: string): string => relative(process.cwd(), path) || path
    const kernels = Object.entries(result.kernels).map(([name, k]) => `${name} (${k.reduce ? `reduce: ${k.reduce}` : k.kind})`)
    console.log(`sabre compile: ${shown(result.wasm)} (${result.wasmBytes} bytes), ${shown(result.description)}, ${shown(result.types)} in ${Math.round(result.ms)} ms`)
    console.log(`  kernels: ${kernels.join(', ')}`)
    return 0
  } catch (error) {
    if (error instanceof CompileError) {
      console.error(error.message)
      return 1
    }
    throw error
  }
}
