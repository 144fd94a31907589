// engine.scan: a prefix scan over fixed blocks, deterministic, in one
// region (assembly/scan.ts, scanChained): each block reads its elements for
// its total, takes its carry-in from the blocks before it (their totals
// folded in block order), and rescans them from the cache into dst. Blocks
// depend on n only, so a float sum gives the same bits on any number of
// threads.
//
//   src    │ block 0 │ block 1 │ block 2 │      totals t0 t1 t2
//   carry      c0 = identity, c1 = c0 ⊕ t0, c2 = c1 ⊕ t1     (in order)
//   dst    │ c0 ⊕ x0 ⊕ x1 … │ c1 ⊕ … │ c2 ⊕ … │   (each block left to right)

import { scanBlock } from '../kernels/algorithm-kernels.js'
import { scanIdentity } from '../kernels/algorithm-reference.js'
import type { CombineOp } from '../kernels/vocabulary.js'
import type { Scratch, Steps } from './call.js'
import type { Operand } from './element-types.js'

/** The combine ops a scan takes, in assembly/scan.ts's OP_* order (the index is the code its kernels get). */
export const SCAN_OPS = ['sum', 'min', 'max'] as const satisfies readonly CombineOp[]
export type ScanOp = (typeof SCAN_OPS)[number]

export interface ScanJob {
  readonly src: Operand
  readonly dst: Operand
  readonly op: ScanOp
  readonly exclusive: boolean
}

/** The regions of one scan; returns the total (the last block's carry-out). */
export function* blockScan(scratch: Scratch, { src, dst, op, exclusive }: ScanJob): Steps<number> {
  const n = src.length
  if (n === 0) return scanIdentity(op, src.kind.Type)
  const block = scanBlock(n)
  const blocks = Math.ceil(n / block)
  // Per block: a u32 state (rounded up to 8 bytes in all), an f64 total, an f64 inclusive prefix.
  const stateBytes = Math.ceil((blocks * 4) / 8) * 8
  const state = scratch.allocate(stateBytes + blocks * 16)
  new Uint32Array(scratch.buffer(), state, blocks).fill(0)
  const code = SCAN_OPS.indexOf(op)
  yield { kernel: 'scanChained', blocks, args: [src.kind.code, code, exclusive ? 1 : 0, src.address, dst.address, n, block, blocks, state] }
  return new Float64Array(scratch.buffer(), state + stateBytes + blocks * 8, blocks)[blocks - 1]!
}
