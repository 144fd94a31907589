// sabre's public surface in Node: the engine, its errors and types, and the
// plain-TypeScript kernel references.

export { Engine, type EngineOptions, type KernelArg, type RegionOptions } from './engine.js'
export { AbortError, KernelError, TimeoutError, WorkerError } from './errors.js'
export { kernels, type ForKernel, type KernelName, type ReduceKernel, type ReduceResult } from './kernels/catalog.js'
export * as reference from './kernels/reference.js'
export type { ElementType, SharedView, TypedArray } from './memory/shared-memory.js'
export type { ScheduleName } from './team/schedule.js'
