// The kernels one side of a cluster runs: the built-in catalog or a user's
// module (a KernelSet either way), with the checks a job needs and the way a
// reduce's per-job partials combine. Messages list the kernels of the module
// in use, read from it, never from a fixed list.

import { describe, rangeError, typeError } from '../errors.js'
import { INTERNAL_KERNELS, type KernelSpec, type ReduceSpec } from '../kernels/catalog.js'
import { isPointer, kindOf } from '../kernels/vocabulary.js'
import { checkDescription, describedKernels, type KernelModule } from '../kernels/description.js'
import { KernelSet } from '../kernels/kernel-set.js'
import { combineBlocks, identityLanes, laneCount } from '../kernels/lanes.js'


/** What `module` may be on the producer: loadKernels' result, or the parsed description file. */
export const MODULE_EXPECTED = "a KernelModule from loadKernels, or its description ({ format: 'sabre-kernels/1', wasm, kernels })"

export class ClusterKernels {
  /** Kernel names messages offer, in the module's order (the catalog's internal ones left out; they still run). */
  readonly names: readonly string[]

  private constructor(private readonly set: KernelSet, /** How messages name the module: "the built-in kernels", "module kernels.sabre.json". */ readonly label: string) {
    this.names = set.names.filter((name) => !INTERNAL_KERNELS.has(name))
  }

  static builtin(): ClusterKernels {
    return new ClusterKernels(KernelSet.builtin(), 'the built-in kernels')
  }

  /** A user's module, as loadKernels gives it or as its description file states it; `where` names it in messages. */
  static of(module: unknown, where: string, label?: string): ClusterKernels {
    if (module === null || typeof module !== 'object' || Array.isArray(module)) throw typeError(where, MODULE_EXPECTED, module)
    const record = module as Record<string, unknown>
    if ('format' in record) {
      const file = checkDescription(module, where)
      return new ClusterKernels(KernelSet.describe(describedKernels(file)), label ?? `module ${file.wasm}`)
    }
    if (!(record.wasm instanceof WebAssembly.Module) || record.kernels === null || typeof record.kernels !== 'object') throw typeError(where, MODULE_EXPECTED, module)
    return new ClusterKernels(KernelSet.describe((module as KernelModule).kernels), label ?? 'your module')
  }

  /** The kernel's spec, or undefined when this module has no (public) kernel of that name. */
  spec(name: unknown): KernelSpec | undefined {
    return typeof name === 'string' ? this.set.find(name) : undefined
  }

  /** Item kernels: map, starmap, imap and apply run them on the nodes. */
  items(): string[] {
    return this.names.filter((name) => this.spec(name)!.kind === 'item')
  }

  /**
   * Reduce kernels a cluster reduce can split into jobs: all arguments arrays
   * (each job gets its slice), or all scalars with a returned partial (each job
   * runs its own index range).
   */
  reductions(): string[] {
    return this.names.filter((name) => splits(this.spec(name)!))
  }

  /** Phased kernels: parallel runs each as one job on one node's whole team. */
  phasedKernels(): string[] {
    return this.names.filter((name) => this.spec(name)!.kind === 'phased')
  }

  /** The item kernel `name`; a RangeError listing this module's item kernels otherwise (a TypeError for a phased one). */
  item(name: unknown): KernelSpec {
    const spec = this.spec(name)
    if (spec?.kind === 'phased') throw phasedElsewhere(spec)
    if (spec?.kind !== 'item') throw rangeError('kernel', `an item kernel of ${this.label} (${listed(this.items())})`, name)
    return spec
  }

  /** The splittable reduce kernel `name`; a RangeError listing this module's otherwise. */
  reduction(name: unknown): KernelSpec & { reduce: ReduceSpec } {
    const spec = this.spec(name)
    if (spec?.kind === 'phased') throw phasedElsewhere(spec)
    if (!spec || !splits(spec)) {
      throw rangeError('kernel', `a reduce kernel of ${this.label} that the cluster splits (${listed(this.reductions())})`, name)
    }
    return spec as KernelSpec & { reduce: ReduceSpec }
  }

  /**
   * The phased kernel `name`; a TypeError naming the kind of a kernel of
   * another kind, a RangeError listing this module's phased kernels otherwise.
   */
  phased(name: unknown): KernelSpec {
    const spec = this.spec(name)
    if (spec?.kind === 'phased') return spec
    const offered = `ClusterPool.parallel runs the phased kernels of ${this.label} (${listed(this.phasedKernels())})`
    if (spec) throw new TypeError(`kernel ${spec.name} is ${spec.reduce ? 'a reduction' : kindOf(spec).what}, not a phased kernel: ${offered}`)
    throw rangeError('kernel', `a phased kernel of ${this.label} (${listed(this.phasedKernels())})`, name)
  }

  /** Why a node cannot run a job of `kind` with kernel `name`, or undefined when it can. */
  refusal(name: string, kind: 'map' | 'reduce' | 'call' | 'parallel'): string | undefined {
    const spec = this.spec(name)
    if (!spec) return `kernel ${describe(name)} is not in this node's ${this.label} (its kernels: ${listed(this.names)})`
    const fits = kind === 'reduce' ? splits(spec) : kind === 'parallel' ? spec.kind === 'phased' : spec.kind === 'item'
    const kernels = kind === 'reduce' ? 'a reduce the cluster splits' : kind === 'parallel' ? 'a phased kernel' : 'an item kernel'
    if (!fits) return `kernel ${name} of this node's ${this.label} cannot run a ${kind} job (not ${kernels})`
    return undefined
  }
}

/** A phased kernel given to map, apply or reduce: it needs a whole team, which only parallel gives it. */
const phasedElsewhere = (spec: KernelSpec): TypeError =>
  new TypeError(`kernel ${spec.name} is a phased kernel: it runs on a node's whole team, call ClusterPool.parallel`)

function splits(spec: KernelSpec): boolean {
  if (!spec.reduce) return false
  const pointers = spec.params.filter(isPointer).length
  return pointers === 0 ? spec.reduce.partial === 'return' : pointers === spec.params.length
}

const listed = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.join(', '))

/** A reduce result as its lanes (the inverse of the spec's finish): one number, bins, or { min, max } in lane order. */
export function lanesOf(reduce: ReduceSpec, result: unknown): number[] {
  const lanes = typeof result === 'number' ? [result]
    : ArrayBuffer.isView(result) ? Array.from(result as Uint32Array)
      : result !== null && typeof result === 'object' ? Object.values(result as Record<string, number>) : []
  if (lanes.length !== laneCount(reduce)) throw new TypeError(`a reduce partial must have ${laneCount(reduce)} lanes, got ${describe(result)}`)
  return lanes
}

/**
 * Partials (lanes each) combined lane by lane with the kernel's declared ops,
 * in the order given, then finished as a local reduce finishes them, so the
 * result has the engine's type (bins: a Uint32Array). n = 0 (no partials)
 * gives the identities.
 */
export function combinePartials(reduce: ReduceSpec, partials: readonly (readonly number[])[]): unknown {
  const width = laneCount(reduce)
  const flat = new Float64Array(partials.length * width)
  partials.forEach((partial, block) => flat.set(partial.slice(0, width), block * width))
  return reduce.finish(combineBlocks(reduce, flat, partials.length, identityLanes(reduce)))
}
