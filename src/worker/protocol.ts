// The one message a worker ever receives, at boot. Everything after it travels
// through the control block in shared memory.

export interface BootMessage {
  /** The compiled kernel module, shared with every worker (not recompiled). */
  readonly module: WebAssembly.Module
  /** The engine's shared memory. */
  readonly memory: WebAssembly.Memory
  /** Byte address of the control block. */
  readonly control: number
  /** This worker's team index. */
  readonly index: number
  /** Unique among all workers the engine started: given to the module's setWorkerToken, if it exports one. */
  readonly token: number
  /** Export names of the kernels; a region names its kernel by index here. */
  readonly kernels: readonly string[]
  /** Kernels to call once with an empty range so V8 starts optimizing them early (every kernel but the phased ones). */
  readonly warm: readonly string[]
}

/** What a worker exposes through threads.js. */
export interface WorkerApi {
  /** Instantiates the module on the shared memory, then starts serving regions. */
  boot(message: BootMessage): Promise<void>
}
