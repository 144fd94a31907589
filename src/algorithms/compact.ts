// engine.compact and engine.filter: stream compaction over fixed blocks. One
// region counts what each block keeps; the calling thread turns the counts
// into each block's first output index (in block order, so the kept elements
// stay in order); a second region copies each block's kept elements there.

import { describe } from '../errors.js'
import { compactBlock } from '../kernels/algorithm-kernels.js'
import type { Scratch, Steps } from './call.js'
import type { Operand } from './element-types.js'

export const FILTER_OPS = ['<', '<=', '>', '>=', '==', '!='] as const
export type FilterOp = (typeof FILTER_OPS)[number]


/** What is kept: mask[i] !== 0, or src[i] <op> value. */
export type Keep = { readonly mask: number } | { readonly op: FilterOp; readonly value: number }

export interface CompactJob {
  readonly src: Operand
  readonly dst: Operand
  readonly keep: Keep
  /** Names the call in messages. */
  readonly operation: string
}

/** The regions of one compaction; returns how many elements were kept. */
export function* blockCompact(scratch: Scratch, { src, dst, keep, operation }: CompactJob): Steps<number> {
  const n = src.length
  if (n === 0) return 0
  const block = compactBlock(n)
  const blocks = Math.ceil(n / block)
  const offsets = scratch.allocate((blocks + 1) * 4)
  const type = src.kind.code
  yield 'mask' in keep
    ? { kernel: 'compactCount', blocks, args: [keep.mask, n, block, offsets] }
    : { kernel: 'filterCount', blocks, args: [type, FILTER_OPS.indexOf(keep.op), keep.value, src.address, n, block, offsets] }
  const starts = new Uint32Array(scratch.buffer(), offsets, blocks + 1)
  let next = 0
  for (let b = 0; b < blocks; b++) {
    const count = starts[b]!
    starts[b] = next
    next += count
  }
  starts[blocks] = next
  if (next > dst.length) {
    throw new RangeError(`${operation} keeps ${next} elements, so dst must hold at least ${next}, got ${describe(dst.view)}`)
  }
  if (next === 0) return 0
  yield 'mask' in keep
    ? { kernel: 'compactCopy', blocks, args: [src.kind.bytes, keep.mask, src.address, dst.address, n, block, offsets] }
    : { kernel: 'filterCopy', blocks, args: [type, FILTER_OPS.indexOf(keep.op), keep.value, src.address, dst.address, n, block, offsets] }
  return next
}
