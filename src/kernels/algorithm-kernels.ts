// The kernels behind engine.sort, sortByKey, scan, compact and filter
// (assembly/sort.ts, sort-records.ts, scan.ts, compact.ts). Their indices
// are blocks of the array, their pointers byte addresses the algorithm checked itself
// (src/algorithms/), so every parameter is a number here. Internal: not in
// the public kernel list; the algorithms are the way to call them.

import { scalarParams } from './vocabulary.js'

const { f64, i32, u32 } = scalarParams
const blocks = { indices: 'blocks' } as const

// The blocks each algorithm cuts an array of n elements into. They depend on
// n only, never on the team, so a scan's float sums are the same bits on any
// number of threads (and the references in algorithm-reference.ts can follow
// the same order).

/** Elements per block of a sort: about 64 blocks, enough for any team to share out, few enough that the digit counts stay small. */
export const sortBlock = (n: number): number => Math.max(4096, Math.ceil(n / 64))
/** Elements per block of a scan: small enough that a block read for its total is still in the cache for its rescan. */
export const scanBlock = (_n: number): number => 16384
/** Elements per block of compact and filter: at most 256 blocks. */
export const compactBlock = (n: number): number => Math.max(8192, Math.ceil(n / 256))

const count = { ...blocks, params: [...u32('src'), ...i32('n', 'block', 'shift', 'bits', 'kind'), ...u32('counts', 'spread')] }
const scatter = {
  ...blocks,
  params: [...u32('src', 'dst', 'srcValues', 'dstValues'), ...i32('valueBytes', 'n', 'block', 'shift', 'bits', 'kindIn', 'kindOut'), ...u32('offsets')],
}

const countRecords = { ...blocks, params: [...u32('src'), ...i32('valueBytes', 'n', 'block', 'shift', 'bits'), ...u32('counts')] }
const scatterRecords = {
  ...blocks,
  params: [...u32('src', 'dst', 'srcValues', 'dstValues'), ...i32('valueBytes', 'n', 'block', 'shift', 'bits', 'kind', 'mode'), ...u32('offsets')],
}

export const algorithmKernels = {
  radixCount32: { name: 'radixCount32', ...count },
  radixCount64: { name: 'radixCount64', ...count },
  radixScatter32: { name: 'radixScatter32', ...scatter },
  radixScatter64: { name: 'radixScatter64', ...scatter },
  radixCountRecords32: { name: 'radixCountRecords32', ...countRecords },
  radixCountRecords64: { name: 'radixCountRecords64', ...countRecords },
  radixScatterRecords32: { name: 'radixScatterRecords32', ...scatterRecords },
  radixScatterRecords64: { name: 'radixScatterRecords64', ...scatterRecords },
  copyBlocks: { name: 'copyBlocks', ...blocks, params: [...u32('src', 'dst'), ...i32('bytes', 'block')] },
  scanChained: {
    name: 'scanChained', ...blocks,
    params: [...i32('type', 'op', 'exclusive'), ...u32('src', 'dst'), ...i32('n', 'block', 'blocks'), ...u32('state')],
  },
  filterCount: {
    name: 'filterCount', ...blocks,
    params: [...i32('type', 'op'), ...f64('value'), ...u32('src'), ...i32('n', 'block'), ...u32('counts')],
  },
  filterCopy: {
    name: 'filterCopy', ...blocks,
    params: [...i32('type', 'op'), ...f64('value'), ...u32('src', 'dst'), ...i32('n', 'block'), ...u32('offsets')],
  },
  compactCount: { name: 'compactCount', ...blocks, params: [...u32('mask'), ...i32('n', 'block'), ...u32('counts')] },
  compactCopy: {
    name: 'compactCopy', ...blocks,
    params: [...i32('elementBytes'), ...u32('mask', 'src', 'dst'), ...i32('n', 'block'), ...u32('offsets')],
  },
} as const

/** A kernel the algorithms run. */
export type AlgorithmKernel = keyof typeof algorithmKernels
