// The algorithms' public boundary: each call's arguments and options checked
// once, with messages that name the value and what was expected, then its
// steps driven async or sync (call.ts). Engine's sort, sortByKey, scan,
// compact and filter (and their …Sync twins) are one line each over these.

import { checkOptions, describe, StateError, typeError } from '../errors.js'
import { checkTimeoutMs } from '../timeout.js'
import { runAsync, runSync, type AlgorithmParts, type CallOptions, type Scratch, type Steps } from './call.js'
import { blockCompact, FILTER_OPS, type FilterOp } from './compact.js'
import { disjoint, maskOperand, operand, overlap, sameType, type Operand } from './element-types.js'
import { radixSort } from './radix-sort.js'
import { blockScan, SCAN_OPS, type ScanOp } from './scan.js'

export type { AlgorithmView } from './element-types.js'
export type { FilterOp } from './compact.js'
export type { ScanOp } from './scan.js'

/** Options every algorithm takes. */
export interface AlgorithmOptions {
  /** Aborting rejects with AbortError once the region running now has skipped its unstarted blocks. */
  readonly signal?: AbortSignal
  /** Rejects with TimeoutError if the whole call runs longer (ms), and replaces the workers. */
  readonly timeoutMs?: number
}

export interface SortOptions extends AlgorithmOptions {
  /** Largest first (NaN still last). Default false: TypedArray.prototype.sort's order. */
  readonly descending?: boolean
}

export interface ScanOptions extends AlgorithmOptions {
  /** 'sum' (default; integers wrap as typed-array stores do), 'min' or 'max' (Math.min/Math.max). */
  readonly op?: ScanOp
  /** dst[i] combines src[0..i) instead of src[0..i] (default false). */
  readonly exclusive?: boolean
}

export interface FilterOptions extends AlgorithmOptions {
  /** The comparison src[i] <op> value that keeps an element. */
  readonly op: FilterOp
  readonly value: number
}

const COMMON = ['signal', 'timeoutMs'] as const

/** Checks the options every algorithm shares, after `names` are known to be the only keys. */
function common(options: AlgorithmOptions): CallOptions {
  const { signal, timeoutMs } = options
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('options.signal', 'an AbortSignal', signal)
  return { signal, timeoutMs: checkTimeoutMs(timeoutMs) }
}

function flag(value: unknown, what: string): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw typeError(what, 'true or false', value)
  return value
}

/** A prepared call: its options and the algorithm to drive. */
interface Prepared<R> {
  readonly options: CallOptions
  readonly algorithm: (scratch: Scratch) => Steps<R>
}

export class Algorithms {
  constructor(private readonly parts: AlgorithmParts) {}

  private prepareSort(operation: string, view: unknown, options: SortOptions = {}): Prepared<void> {
    this.available(operation)
    const keys = operand(this.parts.memory, view, 'view')
    checkOptions(options, ['descending', ...COMMON], `engine.${operation}`)
    const descending = flag(options.descending, 'options.descending')
    return { options: common(options), algorithm: (scratch) => radixSort(scratch, { keys, descending }) }
  }

  private prepareSortByKey(operation: string, keyView: unknown, valueView: unknown, options: SortOptions = {}): Prepared<void> {
    this.available(operation)
    const keys = operand(this.parts.memory, keyView, 'keys')
    const values = operand(this.parts.memory, valueView, 'values')
    if (values.length !== keys.length) {
      throw new RangeError(`values must have the length of keys (${keys.length}), got ${describe(values.view)}`)
    }
    disjoint(keys.view, values.view, 'keys', 'values')
    checkOptions(options, ['descending', ...COMMON], `engine.${operation}`)
    const descending = flag(options.descending, 'options.descending')
    return { options: common(options), algorithm: (scratch) => radixSort(scratch, { keys, values, descending }) }
  }

  private prepareScan(operation: string, srcView: unknown, dstView: unknown, options: ScanOptions = {}): Prepared<number> {
    this.available(operation)
    const [src, dst] = this.pair(srcView, dstView)
    if (dst.length < src.length) throw new RangeError(`dst must hold at least src's ${src.length} elements, got ${describe(dst.view)}`)
    if (dst.view.byteOffset !== src.view.byteOffset) disjoint(src.view, dst.view, 'src', 'dst (unless it is src itself)')
    checkOptions(options, ['op', 'exclusive', ...COMMON], `engine.${operation}`)
    const { op = 'sum' } = options
    if (!SCAN_OPS.includes(op)) throw typeError('options.op', SCAN_OPS.map((o) => `'${o}'`).join(', '), op)
    const exclusive = flag(options.exclusive, 'options.exclusive')
    return { options: common(options), algorithm: (scratch) => blockScan(scratch, { src, dst, op, exclusive }) }
  }

  private prepareCompact(operation: string, srcView: unknown, dstView: unknown, maskView: unknown, options: AlgorithmOptions = {}): Prepared<number> {
    this.available(operation)
    const [src, dst] = this.pair(srcView, dstView)
    disjoint(src.view, dst.view, 'src', 'dst')
    const mask = maskOperand(this.parts.memory, maskView, 'mask')
    const maskArray = maskView as Uint8Array
    if (maskArray.length !== src.length) throw new RangeError(`mask must have the length of src (${src.length}), got ${describe(maskArray)}`)
    if (overlap(maskArray, dst.view)) disjoint(dst.view, maskArray, 'dst', 'mask')
    checkOptions(options, [...COMMON], `engine.${operation}`)
    return { options: common(options), algorithm: (scratch) => blockCompact(scratch, { src, dst, keep: { mask }, operation: `engine.${operation}` }) }
  }

  private prepareFilter(operation: string, srcView: unknown, dstView: unknown, options: FilterOptions): Prepared<number> {
    this.available(operation)
    const [src, dst] = this.pair(srcView, dstView)
    disjoint(src.view, dst.view, 'src', 'dst')
    checkOptions(options, ['op', 'value', ...COMMON], `engine.${operation}`, { required: ['op', 'value'] })
    const { op, value } = options
    if (!FILTER_OPS.includes(op)) throw typeError('options.op', FILTER_OPS.map((o) => `'${o}'`).join(', '), op)
    if (typeof value !== 'number') throw typeError('options.value', 'a number', value)
    return { options: common(options), algorithm: (scratch) => blockCompact(scratch, { src, dst, keep: { op, value }, operation: `engine.${operation}` }) }
  }

  /** src and dst: views of one element type. scan needs dst to hold src's length; compact and filter check after counting. */
  private pair(srcView: unknown, dstView: unknown): [Operand, Operand] {
    const src = operand(this.parts.memory, srcView, 'src')
    const dst = operand(this.parts.memory, dstView, 'dst')
    sameType(src, dst, 'src', 'dst')
    return [src, dst]
  }

  private available(operation: string): void {
    if (!this.parts.kernels.names.includes('radixCount32')) {
      throw new StateError(`engine.${operation}() runs sabre's built-in kernels: an engine started with your own module cannot run it`)
    }
  }

  private async go<R>(operation: string, prepare: () => Prepared<R>): Promise<R> {
    const { options, algorithm } = prepare()
    return runAsync(this.parts, operation, options, algorithm)
  }

  private now<R>(operation: string, prepare: () => Prepared<R>): R {
    const { options, algorithm } = prepare()
    return runSync(this.parts, operation, options, algorithm)
  }

  sort(view: unknown, options?: SortOptions): Promise<void> {
    return this.go('sort', () => this.prepareSort('sort', view, options))
  }
  sortSync(view: unknown, options?: SortOptions): void {
    this.now('sortSync', () => this.prepareSort('sortSync', view, options))
  }
  sortByKey(keys: unknown, values: unknown, options?: SortOptions): Promise<void> {
    return this.go('sortByKey', () => this.prepareSortByKey('sortByKey', keys, values, options))
  }
  sortByKeySync(keys: unknown, values: unknown, options?: SortOptions): void {
    this.now('sortByKeySync', () => this.prepareSortByKey('sortByKeySync', keys, values, options))
  }
  scan(src: unknown, dst: unknown, options?: ScanOptions): Promise<number> {
    return this.go('scan', () => this.prepareScan('scan', src, dst, options))
  }
  scanSync(src: unknown, dst: unknown, options?: ScanOptions): number {
    return this.now('scanSync', () => this.prepareScan('scanSync', src, dst, options))
  }
  compact(src: unknown, dst: unknown, mask: unknown, options?: AlgorithmOptions): Promise<number> {
    return this.go('compact', () => this.prepareCompact('compact', src, dst, mask, options))
  }
  compactSync(src: unknown, dst: unknown, mask: unknown, options?: AlgorithmOptions): number {
    return this.now('compactSync', () => this.prepareCompact('compactSync', src, dst, mask, options))
  }
  filter(src: unknown, dst: unknown, options: FilterOptions): Promise<number> {
    return this.go('filter', () => this.prepareFilter('filter', src, dst, options))
  }
  filterSync(src: unknown, dst: unknown, options: FilterOptions): number {
    return this.now('filterSync', () => this.prepareFilter('filterSync', src, dst, options))
  }
}
