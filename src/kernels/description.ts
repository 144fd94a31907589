// The kernel description file (`<name>.sabre.json`) that `sabre compile`
// writes beside a user's .wasm: plain JSON, so a page, a Node process and a
// cluster worker node all read it the same way. Owns the format, its check
// (each kernel through KernelSet's, the one description check), and
// loadKernels / describeModule, which give Engine.start's `module`.

import { describe, typeError } from '../errors.js'
import { readLocalFile, runtime } from '../platform/platform.js'
import { KernelSet, type KernelDescription } from './kernel-set.js'
import { userModule } from './module.js'
import type { KernelTable } from './signatures.js'
import type { CombineOp, KernelKind, ParamType, PointerParam, ScalarParam, ScalarType, ViewType } from './vocabulary.js'

/** The format tag every description file carries; a reader refuses any other. */
export const DESCRIPTION_FORMAT = 'sabre-kernels/1'

/** One kernel as the description file states it. */
export interface DescribedKernel {
  readonly kind: KernelKind
  /** Parameter types, the bounds its kind appends (begin, end) left out. */
  readonly params: readonly ParamType[]
  /** Parameter names in the source, for error messages. */
  readonly names: readonly string[]
  /** For a reduction: how partials combine. */
  readonly reduce?: CombineOp
}

/** The whole file. */
export interface DescriptionFile {
  readonly format: typeof DESCRIPTION_FORMAT
  /** The .wasm file, relative to the description file. */
  readonly wasm: string
  /** The AssemblyScript source it was compiled from, for people reading the file. */
  readonly source?: string
  readonly kernels: Readonly<Record<string, DescribedKernel>>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The file's own fields: format, wasm, and kernels an object with at least one (each kernel is KernelSet's to check). */
function checkFile(value: unknown, where: string): asserts value is DescriptionFile {
  if (!isRecord(value)) throw typeError(where, `a sabre kernel description (an object with format '${DESCRIPTION_FORMAT}')`, value)
  if (value.format !== DESCRIPTION_FORMAT) {
    throw typeError(`${where}: format`, `'${DESCRIPTION_FORMAT}' (written by this version's \`sabre compile\`; compile again)`, value.format)
  }
  if (typeof value.wasm !== 'string' || value.wasm === '') throw typeError(`${where}: wasm`, 'the name of the .wasm file', value.wasm)
  if (!isRecord(value.kernels) || Object.keys(value.kernels).length === 0) throw typeError(`${where}: kernels`, 'an object with at least one kernel', value.kernels)
}

/** Checks a parsed description file; throws a TypeError naming `where`, the field and what it must be. */
export function checkDescription(value: unknown, where: string): DescriptionFile {
  checkFile(value, where)
  KernelSet.describe(value.kernels, `${where}: kernels`)
  return value
}

type NamedParam<P> =
  P extends ViewType ? PointerParam & { readonly type: P }
    : P extends ScalarType ? ScalarParam & { readonly type: P }
      : PointerParam | ScalarParam

/** A described table with each parameter named: what loadKernels hands Engine.start. */
export type NamedKernels<D extends KernelTable> = {
  readonly [K in keyof D]: Omit<D[K], 'params'> & {
    readonly params: D[K] extends { readonly params: infer P extends readonly unknown[] } ? { readonly [I in keyof P]: NamedParam<P[I]> } : readonly []
  }
}

/** Engine.start's `module` option: the compiled module and its kernels. */
export interface KernelModule<D extends KernelTable = KernelTable> {
  readonly wasm: WebAssembly.Module
  readonly kernels: NamedKernels<D>
}

/**
 * The description's kernels as Engine.start takes them, each parameter named
 * as in the source (messages then say `scaleF64 argument xs`), checked once:
 * an engine or cluster node handed this table does not check it again. A
 * view's length is checked against n, the region's length, as for a built-in
 * kernel over elements.
 */
export function describedKernels(file: DescriptionFile, where = 'kernels'): Readonly<Record<string, KernelDescription>> {
  return KernelSet.described(file.kernels, where)
}

/**
 * A KernelModule given as an object (`{ wasm, kernels }`, as loadKernels
 * makes it or written by hand), checked and its kernels described once, so
 * that every engine and cluster node started with the result takes that
 * description. A TypeError names `where` and the field.
 */
export function describeModule(module: unknown, where: string): KernelModule {
  if (!isRecord(module) || !(module.wasm instanceof WebAssembly.Module)) {
    throw typeError(where, 'a KernelModule { wasm: WebAssembly.Module, kernels } (from loadKernels)', module)
  }
  return { wasm: module.wasm, kernels: KernelSet.described(module.kernels, `${where}.kernels`) as KernelModule['kernels'] }
}

/** A path (Node: relative to the working directory) or URL, as a URL. */
function locate(location: string | URL): URL {
  if (location instanceof URL) return location
  if (typeof location !== 'string' || location === '') throw typeError('loadKernels location', 'a path or URL of a .sabre.json file (a string or URL)', location)
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) return new URL(location)
  if (runtime === 'browser') return new URL(location, (globalThis as { document?: { baseURI: string } }).document?.baseURI ?? globalThis.location.href)
  const cwd = (globalThis as { process?: { cwd(): string } }).process!.cwd()
  const path = location.startsWith('/') ? location : `${cwd}/${location}`
  // Each segment encoded, so '#', '?' and '%' in a name stay part of the path.
  return new URL(`file://${path.split('/').map(encodeURIComponent).join('/')}`)
}

async function readText(url: URL): Promise<string> {
  if (url.protocol === 'file:') return new TextDecoder().decode(await readLocalFile(url, 'the kernel description', 'compile it with `npx sabre compile`'))
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(`cannot fetch the kernel description ${url.href} (${(error as Error)?.message ?? String(error)})`)
  })
  if (!response.ok) throw new Error(`cannot fetch the kernel description ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`)
  return response.text()
}

/**
 * Reads a kernel module that `sabre compile` wrote: the description file
 * (`<name>.sabre.json`; given the `.wasm`, the description beside it) and
 * the .wasm it names, in Node from a path or file: URL, in browsers and
 * Node from an http(s) URL. Resolves with Engine.start's `module` option;
 * `D` (the `Kernels` type of the generated `<name>.sabre.d.ts`) types the
 * engine's calls. Rejects with a TypeError for a file that is not a
 * description, an Error naming the file or URL when it cannot be read.
 */
export async function loadKernels<D extends KernelTable = KernelTable>(location: string | URL): Promise<KernelModule<D>> {
  let url = locate(location)
  if (url.pathname.endsWith('.wasm')) url = new URL(url.href.replace(/\.wasm(?=$|[?#])/, '.sabre.json'))
  const text = await readText(url)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new TypeError(`the kernel description ${url.href} is not JSON (${(error as Error).message}), got ${describe(text.slice(0, 40))}`)
  }
  checkFile(parsed, url.href)
  const kernels = describedKernels(parsed, `${url.href}: kernels`)
  const wasm = await userModule(new URL(parsed.wasm, url))
  return { wasm, kernels: kernels as unknown as NamedKernels<D> }
}
