// The engine, typed to run sabre's internal kernels (trap, hang, the race
// lab's and the sync drills'): they are not in the public KernelName type.

import type { Engine } from '../../src/index.js'
import type { allKernels } from '../../src/kernels/catalog.js'

/** The same engine, typed with every kernel of sabre.wasm. */
export const internal = (engine: Engine): Engine<typeof allKernels> => engine as unknown as Engine<typeof allKernels>
