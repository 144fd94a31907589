// The trivial task every pool in bench/pool runs: x², in each pool's worker format.

import { expose } from 'threads/worker'
import workerpool from 'workerpool'
import { isMainThread, workerData } from 'node:worker_threads'

export default function square(x: number): number {
  return x * x
}

// The same file serves three kinds of worker; workerData says which.
const kind = isMainThread ? undefined : (workerData as { kind?: string } | undefined)?.kind
if (kind === 'workerpool') workerpool.worker({ square })
else if (kind === 'threads') expose({ square })
