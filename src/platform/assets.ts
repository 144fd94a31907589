// Where sabre's separately loaded files live: the kernel module and the worker
// scripts. In Node they sit beside the compiled sources in dist/; the browser
// build replaces this module with assets.browser.ts, where every file sits
// next to the bundle. Written as `new URL(…, import.meta.url)` so bundlers
// that follow that pattern find them.

/** The built-in kernel module (dist/sabre.wasm). */
export const wasmUrl = new URL('../../sabre.wasm', import.meta.url)
/** The engine's team worker. */
export const engineWorkerUrl = new URL('../worker/main.js', import.meta.url)
/** The plain-JS worker of the race lab. */
export const raceWorkerUrl = new URL('../races/js-worker.js', import.meta.url)
/** The worker of a JsPool. */
export const jsPoolWorkerUrl = new URL('../pools/js-pool-worker.js', import.meta.url)
