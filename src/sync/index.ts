// Sync primitives on shared Int32 words, shared in layout with the wasm kernels.
export { Barrier } from './barrier.js'
export { Latch } from './latch.js'
export { Mutex, type MutexOptions } from './mutex.js'
export { Semaphore } from './semaphore.js'
