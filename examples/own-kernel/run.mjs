// Runs the kernels of assembly/kernels.ts, compiled by `npm run build`
// (`sabre compile`, which wrote build/kernels.wasm and its description),
// then times one of them against the same loop in JavaScript.

import { Engine, Pool, loadKernels } from 'sabre'

const module = await loadKernels(new URL('./build/kernels.sabre.json', import.meta.url))
const engine = await Engine.start({ threads: 2, module })

const xs = engine.alloc(Float64Array, 1_000_000).fill(1)
await engine.parallelFor('scaleF64', xs.length, [xs, 3])
console.log('sum of squares', await engine.reduce('sumSquaresF64', xs.length, [xs])) // 9000000
console.log('hypot', await new Pool(engine).starmap('hypot', [[3, 4], [5, 12]])) // [ 5, 13 ]
await engine.close()

// The same work three ways: a JS loop, the kernel on 1 thread, on 2 threads.
// Each is run once to warm up (V8 first runs wasm in its baseline tier), then
// the median of 5 runs is printed.
const n = 200_000, r = 3.7, steps = 200
function logisticJs(values) {
  for (let i = 0; i < values.length; i++) {
    let x = values[i]
    for (let s = 0; s < steps; s++) x = r * x * (1 - x)
    values[i] = x
  }
}
async function median(run) {
  await run()
  const times = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)[2]
}
const plain = new Float64Array(n)
const js = await median(() => logisticJs(plain.fill(0.5)))
const timings = { js }
for (const threads of [1, 2]) {
  const timed = await Engine.start({ threads, module })
  const values = timed.alloc(Float64Array, n)
  timings[threads] = await median(() => timed.parallelFor('logisticF64', n, [values.fill(0.5), r, steps]))
  if (values[n - 1] !== plain[n - 1]) throw new Error('the kernel and the JS loop disagree')
  await timed.close()
}
console.log(`logistic map, ${n} × ${steps} steps: JS ${timings.js.toFixed(1)} ms, wasm 1 thread ${timings[1].toFixed(1)} ms, 2 threads ${timings[2].toFixed(1)} ms`)
