// Worker entry: instantiate the module on the shared memory, then serve regions.
// threads.js carries the single boot message; the team loop never touches it again.

import { exposeApi, afterReply } from './expose.js'
import { instantiateKernels } from '../kernels/instance.js'
import { ControlBlock } from '../region/control-block.js'
import { PhaseContext } from '../region/phase.js'
import type { BootMessage, WorkerApi } from './protocol.js'
import { teamLoop } from './team-loop.js'

const api: WorkerApi = {
  async boot({ module, memory, control, index, token, kernels, warm }: BootMessage): Promise<void> {
    const block = new ControlBlock(memory.buffer, control)
    const phase = new PhaseContext(block, index)
    const functions = await instantiateKernels(module, memory, kernels, token, warm, phase.imports)
    // Read now, before replying: the engine publishes no region until every worker has booted.
    const member = { block, phase, index, kernels: functions, generation: block.generation, buffer: () => memory.buffer }
    // The team loop blocks this thread: start it once this call's reply is out.
    afterReply(() => teamLoop(member))
  },
}

exposeApi(api)
