// Which built-in kernels the cluster runs, read from the catalog so that
// messages listing them stay true when kernels are added.

import { isPointer, kernels, type KernelSpec } from '../kernels/catalog.js'

const catalog = Object.values(kernels as Record<string, KernelSpec>)

/** Item kernels: map, starmap, imap and apply run them on the nodes. */
export const itemKernels = (): string[] => catalog.filter((spec) => spec.kind === 'item').map((spec) => spec.name)

/**
 * Reduce kernels a cluster reduce can split into jobs: all arguments arrays
 * (each job gets its slice), or all scalars with a returned partial (each job
 * runs its own index range).
 */
export const clusterReduceKernels = (): string[] => catalog.filter((spec) => {
  if (!spec.reduce) return false
  const pointers = spec.params.filter(isPointer).length
  return pointers === 0 ? spec.reduce.partial === 'return' : pointers === spec.params.length
}).map((spec) => spec.name)
