// The same kernels in a page: sabre's browser build and the compiled module
// are copied beside this file by `npm run page` (no bundler), served with the
// cross-origin isolation headers by `sabre serve`.

import { Engine, Pool, loadKernels } from './sabre/sabre.js'

const module = await loadKernels(new URL('./build/kernels.sabre.json', import.meta.url))
const engine = await Engine.start({ threads: 2, module })
const xs = engine.alloc(Float64Array, 1_000_000).fill(1)
await engine.parallelFor('scaleF64', xs.length, [xs, 3])
const sum = await engine.reduce('sumSquaresF64', xs.length, [xs]) // 9000000
const hypot = await new Pool(engine).starmap('hypot', [[3, 4], [5, 12]]) // [5, 13]
await engine.close()
const text = `sum of squares ${sum}; hypot ${hypot.join(', ')}`
document.querySelector('#results').textContent = text
console.log(text)
