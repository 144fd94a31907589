// Proof that the page stays responsive while kernels run: a spinner turned by
// requestAnimationFrame (not a CSS animation, which the compositor would keep
// turning even with a blocked main thread), a frame count and the longest gap
// between frames.

export interface FrameWatch {
  /** Frames drawn since the last reset. */
  readonly frames: number
  /** The longest time between two frames since the last reset, in ms. */
  readonly maxGapMs: number
  reset(): void
  /**
   * Stops drawing while `work` runs, then resumes (with a reset, so the pause
   * is not counted as a gap): for timing compute alone, without the frames'
   * own cost (style, paint and compositing each frame, on a core the workers
   * could use).
   */
  pausedDuring<T>(work: () => Promise<T>): Promise<T>
}

/** Starts counting frames; `draw` runs on each one. */
export function watchFrames(draw: (watch: FrameWatch) => void): FrameWatch {
  let frames = 0
  let maxGapMs = 0
  let last: number | undefined
  let paused = 0
  // One frame request at a time: a pause that ends before its last frame ran must not start a second chain.
  let requested = false
  const request = () => {
    if (requested || paused > 0) return
    requested = true
    requestAnimationFrame(tick)
  }
  const watch: FrameWatch = {
    get frames() { return frames },
    get maxGapMs() { return maxGapMs },
    reset() { frames = 0; maxGapMs = 0; last = undefined },
    async pausedDuring(work) {
      paused++
      try {
        return await work()
      } finally {
        if (--paused === 0) {
          watch.reset()
          request()
        }
      }
    },
  }
  function tick(): void {
    requested = false
    // The clock, not rAF's argument: that is the frame's scheduled start, which
    // after a long task can predate a reset and count the task as a gap.
    const time = performance.now()
    if (last !== undefined) maxGapMs = Math.max(maxGapMs, time - last)
    last = time
    frames++
    draw(watch)
    request()
  }
  request()
  return watch
}
