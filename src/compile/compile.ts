// compileKernels: one AssemblyScript file → the .wasm sabre runs, its kernel
// description (plain JSON, read by loadKernels in Node, browsers and cluster
// nodes) and a .d.ts that types the engine's calls. AssemblyScript is an
// optional peer: it is loaded here, on first use, and only here.

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DESCRIPTION_FORMAT, type DescribedKernel, type DescriptionFile } from '../kernels/description.js'
import { analyzeKernels, type Analysis, type AstKinds, type ParsedSource, type Problem } from './analyze.js'
import { checkOptions, CompileError } from '../errors.js'
import { declarations } from './declarations.js'

/**
 * The flags every sabre kernel module needs: an imported shared memory that
 * may grow to 4 GiB (65536 pages), no garbage-collected runtime (kernels
 * never allocate), threads and SIMD, and -O3 with shrinkLevel 1 (-O3s):
 * measured in docs/design.md ("Wasm performance notes"), shrinkLevel 0
 * leaves value-producing `if`s in hot loops that V8 compiles twice as slow.
 */
export const COMPILE_FLAGS: readonly string[] = [
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--runtime', 'stub', '--enable', 'threads,simd', '--optimizeLevel', '3', '--shrinkLevel', '1', '--noAssert',
]

/** Where the AssemblyScript side of sabre lives in the package; `sabre/assembly/kernel` imports resolve here. */
const kernelLibrary = new URL('../../../assembly/kernel.ts', import.meta.url)
const LIBRARY_IMPORT = /(?:^|\/)node_modules\/sabre\/assembly\/kernel\.ts$/

/** Appended when the source does not export heapBase itself: after the user's last line, so line numbers stay. */
const HEAP_BASE = '\n// Added by sabre compile: where static data ends, so the arena starts above it.\nexport function heapBase(): usize { return __heap_base; }\n'

export interface CompileOptions {
  /** Folder for the outputs (default: the source's folder); created if missing. */
  readonly outDir?: string
  /** Base name of the outputs (default: the source's, without .ts): NAME.wasm, NAME.sabre.json, NAME.sabre.d.ts. */
  readonly name?: string
  /** Also write NAME.wat, the emitted code as text, to read hot loops. */
  readonly wat?: boolean
}

export interface CompileResult {
  /** Absolute paths of what was written. */
  readonly wasm: string
  readonly description: string
  readonly types: string
  readonly wat?: string
  /** Size of the .wasm, bytes. */
  readonly wasmBytes: number
  readonly kernels: Readonly<Record<string, DescribedKernel>>
  /** Time spent, ms (parsing, compiling, optimizing, writing). */
  readonly ms: number
}

type Asc = typeof import('assemblyscript/asc')

/** AssemblyScript's compiler, or an Error that says how to install it. */
async function loadCompiler(): Promise<{ asc: Asc; kinds: AstKinds }> {
  try {
    const [asc, compiler] = await Promise.all([import('assemblyscript/asc'), import('assemblyscript')])
    // The compiler's enums are const enums in its typings: read them as the plain objects they are at run time.
    const as = compiler as unknown as Record<'NodeKind' | 'CommonFlags' | 'LiteralKind' | 'ParameterKind', Record<string, number>>
    const kind = (group: keyof typeof as, name: string): number => {
      const value = as[group]?.[name]
      if (typeof value !== 'number') throw new Error(`this AssemblyScript (${asc.version}) has no ${group}.${name}: sabre compile is tested with 0.28`)
      return value
    }
    return {
      asc,
      kinds: {
        FunctionDeclaration: kind('NodeKind', 'FunctionDeclaration'), TypeDeclaration: kind('NodeKind', 'TypeDeclaration'),
        NamedType: kind('NodeKind', 'NamedType'), New: kind('NodeKind', 'New'), Literal: kind('NodeKind', 'Literal'),
        ExportFlag: kind('CommonFlags', 'Export'), LiteralArray: kind('LiteralKind', 'Array'), LiteralObject: kind('LiteralKind', 'Object'),
        LiteralTemplate: kind('LiteralKind', 'Template'), ParameterDefault: kind('ParameterKind', 'Default'),
      },
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('sabre compile needs the AssemblyScript compiler: npm install --save-dev assemblyscript', { cause: error })
    }
    throw error
  }
}

/**
 * Compiles the AssemblyScript file `source` (a path) with the flags sabre
 * needs and writes, in `options.outDir`: NAME.wasm, NAME.sabre.json (the
 * kernel description, for loadKernels) and NAME.sabre.d.ts (its `Kernels`
 * type, for typed calls). Each exported function is a kernel: a range kernel
 * ends with `begin: i32, end: i32` and returns void, or a reduction's
 * partial as Sum<f64> / Min<f64> / Max<f64>; an item kernel takes and
 * returns numbers. Rejects with a CompileError listing every problem as
 * file:line:column, a TypeError for a bad `source` or option, and an Error
 * naming the fix when AssemblyScript is not installed.
 */
export async function compileKernels(source: string, options: CompileOptions = {}): Promise<CompileResult> {
  const started = performance.now()
  if (typeof source !== 'string' || extname(source) !== '.ts') {
    throw new TypeError(`source must be the path of an AssemblyScript file (.ts), got ${typeof source === 'string' ? JSON.stringify(source) : typeof source}`)
  }
  checkOptions(options, ['outDir', 'name', 'wat'], 'compileKernels')
  const path = resolve(source)
  const file = basename(path)
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path} (${error.code ?? error.message})`)
  })
  const name = options.name ?? basename(file, '.ts')
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw new TypeError(`options.name must be a file name (letters, digits, _ . -), got ${JSON.stringify(name)}`)
  const outDir = resolve(options.outDir ?? dirname(path))
  const { asc, kinds } = await loadCompiler()

  let analysis: Analysis | undefined
  const stop = new Error('stopped after analysis')
  let wasm: Uint8Array | undefined
  let wat: string | undefined
  const output = asc.createMemoryStream()
  const result = await asc.main([file, ...COMPILE_FLAGS, '--baseDir', dirname(path), '--outFile', `${name}.wasm`, ...(options.wat ? ['--textFile', `${name}.wat`] : [])], {
    stdout: output, stderr: output,
    readFile: async (requested: string, baseDir: string) => {
      const at = resolve(baseDir, requested)
      if (at === path) return /export\s+function\s+heapBase\s*\(/.test(text) ? text : text + HEAP_BASE
      // sabre owns the flags: an asconfig.json beside the source must not add entries or change the memory.
      if (requested === 'asconfig.json') return null
      if (LIBRARY_IMPORT.test(requested.replaceAll('\\', '/'))) return readFile(kernelLibrary, 'utf8').catch(() => null)
      return readFile(at, 'utf8').catch(() => null)
    },
    writeFile: (written: string, contents: Uint8Array | string) => {
      if (written.endsWith('.wasm')) wasm = contents as Uint8Array
      else if (written.endsWith('.wat')) wat = contents as string
    },
    listFiles: async () => [],
    transforms: [{
      afterParse(parser: { sources: readonly ParsedSource[] }) {
        const entry = parser.sources.find((s) => s.normalizedPath === file)
        if (!entry) throw new Error(`asc did not parse ${file}`)
        analysis = analyzeKernels(entry, kinds)
        // No point compiling what cannot be described: report that first.
        if (analysis.problems.length > 0) throw stop
      },
    }],
  } as unknown as Parameters<Asc['main']>[1])
  if (analysis && analysis.problems.length > 0) throw new CompileError(path, analysis.problems)
  if (result.error || !wasm) {
    throw new CompileError(path, ascProblems(output.toString(), file), output.toString())
  }

  await mkdir(outDir, { recursive: true })
  const at = (suffix: string): string => join(outDir, `${name}${suffix}`)
  const description: DescriptionFile = { format: DESCRIPTION_FORMAT, wasm: `${name}.wasm`, source: file, kernels: analysis!.kernels }
  await Promise.all([
    writeFile(at('.wasm'), wasm),
    writeFile(at('.sabre.json'), `${JSON.stringify(description, null, 2)}\n`),
    writeFile(at('.sabre.d.ts'), declarations(description, analysis!.signatures)),
    ...(wat !== undefined ? [writeFile(at('.wat'), wat)] : []),
  ])
  return {
    wasm: at('.wasm'), description: at('.sabre.json'), types: at('.sabre.d.ts'), ...(wat !== undefined && { wat: at('.wat') }),
    wasmBytes: wasm.byteLength, kernels: analysis!.kernels, ms: performance.now() - started,
  }
}

/** asc's diagnostics as problems: each "in FILE(line,column)" it names, with the message before it. */
function ascProblems(text: string, file: string): Problem[] {
  const problems: Problem[] = []
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '')
  for (const match of plain.matchAll(/(?:ERROR|WARNING) (?:TS|AS)?\d+: ([^\n]+)[\s\S]*?in ([^\n(]+)\((\d+),(\d+)\)/g)) {
    if (!match[0].startsWith('ERROR')) continue
    const [, message, inFile, line, column] = match
    problems.push({ line: Number(line), column: Number(column), message: inFile!.trim() === file ? message! : `${message} (in ${inFile!.trim()})` })
  }
  if (problems.length === 0) problems.push({ line: 1, column: 1, message: plain.trim().split('\n').slice(0, 12).join('\n') || 'asc failed without a message' })
  return problems
}

/** The package's own copy of the AssemblyScript library users import as "sabre/assembly/kernel". */
export const kernelLibraryPath = fileURLToPath(kernelLibrary)
