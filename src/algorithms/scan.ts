// engine.scan: a prefix scan over fixed blocks, deterministic. One region
// reduces each block from the op's identity; the calling thread combines the
// block totals in block order into each block's carry-in; a second region
// scans each block from its carry. Blocks depend on n only, so a float sum
// gives the same bits on any number of threads.
//
//   src    │ block 0 │ block 1 │ block 2 │      totals t0 t1 t2
//   carry      c0 = identity, c1 = c0 ⊕ t0, c2 = c1 ⊕ t1     (in order)
//   dst    │ c0 ⊕ x0 ⊕ x1 … │ c1 ⊕ … │ c2 ⊕ … │   (each block left to right)

import { scanBlock } from '../kernels/algorithm-kernels.js'
import { scanCombiner, scanIdentity } from '../kernels/algorithm-reference.js'
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
  const slots = scratch.allocate(blocks * 8)
  const type = src.kind.code
  const code = SCAN_OPS.indexOf(op)
  yield { kernel: 'scanTotals', blocks, args: [type, code, src.address, n, block, slots] }
  const carries = new Float64Array(scratch.buffer(), slots, blocks)
  const combine = scanCombiner(op, src.kind.Type)
  let carry = scanIdentity(op, src.kind.Type)
  for (let b = 0; b < blocks; b++) {
    const total = carries[b]!
    carries[b] = carry
    carry = combine(carry, total)
  }
  yield { kernel: 'scanBlocks', blocks, args: [type, code, exclusive ? 1 : 0, src.address, dst.address, n, block, slots] }
  return new Float64Array(scratch.buffer(), slots, blocks)[blocks - 1]!
}
