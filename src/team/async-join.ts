// The asynchronous join: publishes a region for the workers and awaits its end
// without ever blocking the main thread (a poll while it pays, then
// Atomics.waitAsync). Also waits for workers still leaving the last region,
// reports a watched region's progress, and turns an abort into CANCEL.

import { Cancel, type ControlBlock } from '../region/control-block.js'
import { Mode, writeDescriptor } from '../region/descriptor.js'
import { spinFor } from '../sync/spin.js'
import { now } from '../trace/records.js'
import type { Region } from './region.js'

/**
 * How long the main side polls for a region's end before it falls back to
 * Atomics.waitAsync (ms). A waitAsync wake-up costs about 13 µs here on an
 * idle machine, more under load, so a region shorter than the long poll ends
 * sooner (64² mandelbrot regions: ~500 → ~120 µs with one worker). But a
 * polling main thread holds a core: when the team has every core, a third
 * runnable thread delays a worker (measured: the first chunk of a 64² region
 * started ~20 µs after it was published with a 10 µs poll, ~3 µs without),
 * so the main side then sleeps at once.
 */
export const MAIN_SPIN_MS = { spareCore: 0.25, noSpareCore: 0 } as const

/** A region that ends within this long (ms) is tiny: the main side polls for the next one too (see AsyncJoin.pollMs). */
const TINY_REGION_MS = 0.03

export class AsyncJoin {
  /** When the last region was published, and how long it ran until its last unit was done (ms): the next one's likely length. */
  private publishedAt = 0
  private lastRegionMs = Infinity

  /** `spinMs`: how long to poll for a region's end before Atomics.waitAsync (see MAIN_SPIN_MS). */
  constructor(private readonly block: ControlBlock, private readonly spinMs: number) {}

  /**
   * Publishes `region` for a team of `teamSize` workers and resolves once it
   * is complete; rejects as soon as `interrupted` does (a dead worker, a
   * timeout), with the workers possibly still inside it.
   */
  async run(region: Region, teamSize: number, interrupted: Promise<never>): Promise<void> {
    const { block } = this
    const { signal } = region
    block.beginWriting()
    // Nearly always 0 already: only a worker descheduled on its way out is awaited.
    if (block.active !== 0) await this.awaitQuiet(interrupted)
    writeDescriptor(block, region, teamSize, false)

    const onAbort = (): void => block.cancelWith(Cancel.Aborted)
    signal?.addEventListener('abort', onAbort, { once: true })
    // An abort while we awaited the workers' leaving fired before the listener existed.
    if (signal?.aborted) onAbort()
    try {
      this.publishedAt = now()
      const generation = block.publish()
      block.unpark()
      const watched = (region.mode === Mode.Map || region.mode === Mode.Tasks) && region.watch && region.progress
      await (watched ? this.awaitProgress(generation, region.units, watched, interrupted) : this.awaitComplete(generation, interrupted))
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /**
   * Resolves when no worker is inside a region any more. Workers leave as soon
   * as they find no chunk to claim, so this is nearly always immediate; a
   * worker descheduled in between is waited for.
   */
  private async awaitQuiet(interrupted: Promise<never>): Promise<void> {
    const { block } = this
    if (spinFor(() => block.active === 0, this.spinMs)) return
    for (;;) {
      const active = block.active
      if (active === 0) return
      // The last worker to leave notifies ACTIVE; the 1 ms bound is a safety net.
      const wait = block.waitActiveAsync(active, 1)
      if (wait) await Promise.race([wait, interrupted])
    }
  }

  /** awaitComplete for a watched region: wakes on every DONE change (members notify it) to report progress. */
  private async awaitProgress(generation: number, units: number, progress: () => void, interrupted: Promise<never>): Promise<void> {
    const { block } = this
    // A callback that throws (a user's onChunk) must not end the wait: the
    // workers would still be writing memory the caller is about to free. The
    // rest of the region is skipped, and its end awaited, before the error.
    let failure: { error: unknown } | undefined
    const report = (): void => {
      if (failure) return
      try {
        progress()
      } catch (error) {
        failure = { error }
        block.cancelWith(Cancel.Aborted)
      }
    }
    for (;;) {
      const done = block.done
      report()
      if (block.completed === generation) break
      // Every unit is counted, and DONE will not change again: the last
      // member's COMPLETE store may still be on its way, and only a wait on
      // COMPLETE itself cannot miss it (a wait on DONE would sleep forever).
      if (done === units) {
        await this.awaitComplete(generation, interrupted)
        break
      }
      if (spinFor(() => block.done !== done, this.pollMs())) continue
      const wait = block.waitDoneAsync(done)
      if (wait) await Promise.race([wait, interrupted])
    }
    report()
    this.lastRegionMs = block.completedAtMs - this.publishedAt
    if (failure) throw failure.error
  }

  /** Resolves when COMPLETE reaches `generation`: polled for a while (see pollMs), then Atomics.waitAsync. */
  private async awaitComplete(generation: number, interrupted: Promise<never>): Promise<void> {
    const { block } = this
    if (!spinFor(() => block.completed === generation, this.pollMs())) {
      for (let seen = block.completed; seen !== generation; seen = block.completed) {
        const wait = block.waitCompleteAsync(seen)
        if (wait) await Promise.race([wait, interrupted])
      }
    }
    this.lastRegionMs = block.completedAtMs - this.publishedAt
  }

  /**
   * How long to poll for the end of a region: spinMs, except on a team with
   * every core, where a polling main thread is a third runnable thread. There
   * it polls only while regions keep ending within TINY_REGION_MS (a tiny
   * task's round trip then costs no waitAsync wake-up), and sleeps at once
   * after a longer one.
   */
  private pollMs(): number {
    if (this.spinMs > 0) return this.spinMs
    return this.lastRegionMs < TINY_REGION_MS ? TINY_REGION_MS : 0
  }
}
