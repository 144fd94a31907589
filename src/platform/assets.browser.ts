// The browser build's assets (see assets.ts): the bundle, its workers and the
// kernel module sit side by side in one folder, served as they are.
// These URLs are relative to the bundle the module ends up in (sabre.js), not
// to this source file: keep them './' whatever folder this file moves to.

/** The built-in kernel module, fetched with streaming compilation. */
export const wasmUrl = new URL('./sabre.wasm', import.meta.url)
/** The engine's team worker (a module worker). */
export const engineWorkerUrl = new URL('./sabre-worker.js', import.meta.url)
/** The plain-JS worker of the race lab. */
export const raceWorkerUrl = new URL('./sabre-race-worker.js', import.meta.url)
/** The worker of a JsPool. */
export const jsPoolWorkerUrl = new URL('./sabre-js-pool-worker.js', import.meta.url)
