// One job at a time for a canvas that draws frames (the explorer, the image
// lab): changes that arrive while a frame is being computed fold into one
// next frame, so the page never queues stale work, and a failed job is
// reported without stopping the ones after it.

export class FrameQueue {
  private work: Promise<unknown> = Promise.resolve()
  private renderQueued = false

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `job` after every job before it; a failure is reported and does not stop later jobs. */
  enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = this.work.then(job)
    this.work = result.catch((error: unknown) => this.onError(error))
    return result
  }

  /** Queues `render`, unless a render is queued and not yet started: it will see every change made so far. */
  requestRender(render: () => Promise<void>): void {
    if (this.renderQueued) return
    this.renderQueued = true
    void this.enqueue(async () => {
      this.renderQueued = false
      await render()
    })
  }

  /** Resolves once every job queued so far, and any queued while they ran, is done. */
  async settled(): Promise<void> {
    for (let seen: Promise<unknown> | undefined; seen !== this.work;) {
      seen = this.work
      await seen
    }
  }
}
