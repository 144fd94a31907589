// The CPU-bound task every pool in bench/peers runs: fibonacci(n) by naive
// recursion, in each pool's worker format (workerData says which).

import { isMainThread, workerData } from 'node:worker_threads'
import { expose } from 'threads/worker'
import workerpool from 'workerpool'

export default function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2)
}

const kind = isMainThread ? undefined : (workerData as { kind?: string } | undefined)?.kind
if (kind === 'workerpool') workerpool.worker({ fibonacci })
else if (kind === 'threads') expose({ fibonacci })
