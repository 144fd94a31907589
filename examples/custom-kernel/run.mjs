// Compiles assembly/kernels.ts with the flags sabre needs, then runs its three
// kernels on an engine: `node examples/custom-kernel/run.mjs` (after `npm run build`).

import asc from 'assemblyscript/asc'
import { Engine, Pool } from 'sabre'

// The flags every sabre kernel module needs: an imported, shared memory that
// may grow to 4 GiB, no garbage-collected runtime, threads and SIMD.
const flags = [
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--enable', 'threads,simd', '--runtime', 'stub', '-O3', '--shrinkLevel', '1', '--noAssert',
]

const source = new URL('./assembly/kernels.ts', import.meta.url).pathname
let wasm
const { error, stderr } = await asc.main([source, ...flags, '--outFile', 'kernels.wasm'], {
  writeFile: (name, contents) => { if (name.endsWith('.wasm')) wasm = contents },
})
if (error) throw new Error(`asc failed: ${stderr}`)

// Describe each kernel: its kind and parameter types (views as 'f64*').
const engine = await Engine.start({
  threads: 2,
  module: {
    wasm,
    kernels: {
      scaleF64: { params: ['f64*', 'f64'] },
      sumSquaresF64: { params: ['f64*'], reduce: 'sum' },
      hypot: { kind: 'item', params: ['f64', 'f64'] },
    },
  },
})

const xs = engine.alloc(Float64Array, 1_000_000).fill(1)
await engine.parallelFor('scaleF64', xs.length, [xs, 3])
console.log('sum of squares', await engine.reduce('sumSquaresF64', xs.length, [xs])) // 9000000
console.log('hypot', await new Pool(engine).starmap('hypot', [[3, 4], [5, 12]])) // [ 5, 13 ]
await engine.close()
