// The README's install example run on the repository's own build (dist/src),
// not the tarball: what a contributor runs. The runtimes suite runs it in Deno,
// which maps stack traces through source maps; threads.js finds a worker
// script from its caller's file in such a trace, so a mapped spawn.ts once
// sent it to src/worker/main.js (the Node build now has no maps).

import { Engine } from '../../src/index.js'

const engine = await Engine.start({ threads: 2 })
console.log(await engine.reduce('countPrimes', 1_000_000))
await engine.close()
