// sabre/cluster: the Pool and Executor API over BullMQ on Redis, and the
// worker node that serves it (`sabre worker --redis URL --threads N`).
// bullmq, ioredis (and cli-progress for progressBar) are optional peers,
// loaded when first used: importing this module needs none of them.

export { ClusterExecutor } from './cluster-executor.js'
export { ClusterPool, deadLetterKey, type ClusterMapOptions, type ClusterOptions, type ClusterParallelOptions, type ClusterReduceResult } from './cluster-pool.js'
export { perMember, type NumericType, type PerMember } from './parallel-args.js'
export type { RedisConnection } from './connection.js'
export { ClusterConnectionError, ClusterJobError } from '../errors.js'
export { progressBar } from './progress-bar.js'
export { INLINE_LIMIT_BYTES } from './jobs.js'
export { startWorkerNode, type WorkerNode, type WorkerNodeOptions } from './worker-node.js'
