// `sabre compile <kernels.ts> [--out DIR] [--name NAME] [--wat]`: compiles a
// kernel module and prints what it wrote and which kernels it describes.

import { relative } from 'node:path'
import { CompileError, UsageError } from '../errors.js'
import { compileKernels } from '../compile/compile.js'
import { parseFlags } from './flags.js'

export const COMPILE_USAGE = 'sabre compile <kernels.ts> [--out DIR] [--name NAME] [--wat]'

/** What `sabre compile --help` says of each flag. */
export const COMPILE_FLAGS: Readonly<Record<string, string>> = {
  '<kernels.ts>': 'the AssemblyScript source of your kernels (needs the assemblyscript package)',
  '--out DIR': 'where the .wasm, its .sabre.json description and its .d.ts go (default: beside the source)',
  '--name NAME': 'the files\' base name (default: the source\'s)',
  '--wat': 'also write the module as text (.wat), to read the emitted code',
}

/**
 * Runs the subcommand with its arguments (after `compile`); resolves with the
 * exit code: 0 done, 1 the source has problems. Bad use throws UsageError.
 */
export async function compileCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: [...args], allowPositionals: true, options: { out: { type: 'string' }, name: { type: 'string' }, wat: { type: 'boolean' } },
  })
  if (positionals.length !== 1) throw new UsageError(`expected one AssemblyScript file, got ${positionals.length}`)
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
