// sabre's public surface in Node: the engine, its errors and types, the
// plain-TypeScript kernel references, the race lab and the sync primitives.

export { Engine, type EngineOptions, type KernelArg, type ParallelOptions, type RegionOptions } from './engine/engine.js'
export {
  AbandonedLockError, AbortError, CancelledError, IsolationError, KernelError, StateError, TaskError, TimeoutError, WorkerError,
} from './errors.js'
export { kernels, type ForKernel, type KernelName, type ReduceKernel, type ReduceResult } from './kernels/catalog.js'
export * as reference from './kernels/reference.js'
export { gaussianWeights } from './kernels/gaussian-weights.js'
export type { ElementType, SharedView, TypedArray } from './memory/shared-memory.js'
export type { ScheduleName } from './region/schedule.js'
export { races, type EveryFixOptions, type RaceOptions } from './races/lab.js'
export type { FixName, ProgressRecord, RaceResult, ScenarioName } from './races/scenarios.js'
export { Barrier, Latch, Mutex, Semaphore, type MutexOptions } from './sync/index.js'
export { Executor, type ExecutorOptions, type SubmitOptions } from './pools/executor.js'
export { asCompleted, Future, wait, type ReturnWhen } from './pools/futures.js'
export { AsyncResult, Pool, type ApplyOptions, type PoolMapOptions } from './pools/pool.js'
export { Process } from './pools/process.js'
export type { CallOutcome, CustomKernel, KernelCall, MapOptions, RunAllOptions } from './engine/engine.js'
export type { AlgorithmOptions, AlgorithmView, FilterOp, FilterOptions, ScanOp, ScanOptions, SortOptions } from './engine/engine.js'
export type { KernelDescription } from './kernels/kernel-set.js'
export type { ItemKernel } from './kernels/catalog.js'
export { Pipe, PipeEnd, Queue } from './pools/queue.js'
export { JsPool, type JsPoolOptions } from './pools/js-pool.js'
export { renderTimeline, type TimelineOptions } from './trace/timeline.js'
export type { TraceRecord } from './trace/records.js'
export { loadKernels, type KernelModule } from './kernels/description.js'
export type { ArgsOf, BuiltinKernels, ForName, ItemName, KernelTable, PhasedName, ReduceName, ReduceResultOf } from './kernels/signatures.js'
