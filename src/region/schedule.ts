// Schedules (after OpenMP): how the units of a region are split into chunks and
// which worker runs which chunk. Every chunk is claimed with an atomic
// operation, exactly once, so a region finishes even if a worker is slow to
// wake (or never does): the others take its share.

import { NEXT, cursor } from './control-block.js'

export const SCHEDULES = ['static', 'dynamic', 'guided'] as const
export type ScheduleName = (typeof SCHEDULES)[number]

export const enum Schedule { Static = 0, Dynamic = 1, Guided = 2 }

export const scheduleCode = (name: ScheduleName): Schedule => SCHEDULES.indexOf(name) as Schedule

/**
 * Iterates the chunks one worker claims. `next()` returns the first unit of
 * the next chunk (and sets `end`), or -1 when no work is left.
 *
 * - static: the units are cut into chunks of `chunk` units (chunk 0: one
 *   contiguous block per worker) dealt round-robin, so worker w owns chunks
 *   w, w+T, w+2T, … It runs its own share first, claiming each chunk from
 *   its cursor, then takes what is left of the others' shares.
 * - dynamic: each claim takes the next `chunk` units with one Atomics.add.
 * - guided: each claim takes max(chunk, remaining / 2T) units with a CAS, so
 *   chunks shrink as the work runs out.
 */
export class ChunkCursor {
  end = 0
  /** static: whose share is being taken (offset from this worker), and the chunk count. */
  private share = 0
  private readonly chunks: number

  constructor(
    private readonly control: Int32Array,
    private readonly schedule: Schedule,
    private readonly units: number,
    private readonly chunk: number,
    private readonly worker: number,
    private readonly team: number,
  ) {
    this.chunks = chunk === 0 ? team : Math.ceil(units / chunk)
  }

  next(): number {
    switch (this.schedule) {
      case Schedule.Static: return this.nextStatic()
      case Schedule.Dynamic: {
        // Claims [begin, begin + chunk); a negative value means the counter
        // wrapped past 2^31 after the work ran out.
        const begin = Atomics.add(this.control, NEXT, this.chunk)
        if (begin >= this.units || begin < 0) return -1
        this.end = Math.min(this.units, begin + this.chunk)
        return begin
      }
      case Schedule.Guided: {
        const { units, chunk, team } = this
        for (;;) {
          const begin = Atomics.load(this.control, NEXT)
          if (begin >= units) return -1
          const end = Math.min(units, begin + Math.max(chunk, Math.ceil((units - begin) / (2 * team))))
          // Claims [begin, end) only if no other worker moved NEXT meanwhile.
          if (Atomics.compareExchange(this.control, NEXT, begin, end) === begin) {
            this.end = end
            return begin
          }
        }
      }
    }
  }

  private nextStatic(): number {
    const { team, chunks, units, chunk } = this
    while (this.share < team) {
      const owner = (this.worker + this.share) % team
      const length = Math.ceil((chunks - owner) / team)
      // Claims position p of owner's share: chunk owner + p·T.
      const position = Atomics.add(this.control, cursor(owner), 1)
      if (position >= length) {
        this.share++
        continue
      }
      const k = owner + position * team
      const begin = chunk === 0 ? Math.floor((k * units) / team) : k * chunk
      this.end = chunk === 0 ? Math.floor(((k + 1) * units) / team) : Math.min(units, begin + chunk)
      return begin
    }
    return -1
  }
}
