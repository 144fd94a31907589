// Started engines by worker count, traced, each started once and shared by
// later calls: a page that switches between 1 and N workers boots each team once.

import { Engine } from '../src/index.js'

export class Engines {
  private readonly started = new Map<number, Promise<Engine>>()

  /** A started, traced engine of `workers` workers. */
  get(workers: number): Promise<Engine> {
    let engine = this.started.get(workers)
    if (!engine) {
      engine = Engine.start({ threads: workers, trace: true })
      // A failed start is not cached: the next call tries again.
      engine.catch(() => this.started.delete(workers))
      this.started.set(workers, engine)
    }
    return engine
  }

  /** Closes every engine (the page is going away). */
  async close(): Promise<void> {
    const engines = [...this.started.values()]
    this.started.clear()
    await Promise.allSettled(engines.map(async (engine) => (await engine).close()))
  }
}
