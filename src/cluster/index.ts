// sabre/cluster: the Pool and Executor API over BullMQ on Redis, and the
// worker node that serves it (`sabre worker --redis URL --threads N`).

export { ClusterExecutor } from './cluster-executor.js'
export { ClusterJobError, ClusterPool, deadLetterKey, type ClusterMapOptions, type ClusterOptions } from './cluster-pool.js'
export { parseRedisUrl, type RedisConnection } from './connection.js'
export { progressBar } from './progress-bar.js'
export { INLINE_LIMIT_BYTES } from './jobs.js'
export { startWorkerNode, type WorkerNode, type WorkerNodeOptions } from './worker-node.js'
