// A terminal progress bar for a cluster map, fed by the nodes' progress events.

import type * as CliProgress from 'cli-progress'
import { requireOptional } from './optional-peers.js'

/**
 * An onProgress(done, total) (items) that draws a bar on stderr, nothing when
 * stderr is not a terminal. Throws an Error naming `npm install cli-progress`
 * when that optional package is missing, whatever stderr is.
 */
export function progressBar(label = 'cluster map'): (done: number, total: number) => void {
  // Loaded here, synchronously (cli-progress is CommonJS), so progressBar() stays a plain call.
  const { SingleBar } = requireOptional<typeof CliProgress>('cli-progress', 'progressBar()', ['cli-progress'])
  let bar: CliProgress.SingleBar | undefined
  return (done, total) => {
    if (!process.stderr.isTTY) return
    if (!bar) {
      bar = new SingleBar({ format: `${label} {bar} {value}/{total} items`, stream: process.stderr, hideCursor: true, clearOnComplete: false })
      bar.start(total, done)
    } else bar.update(done)
    if (done >= total) bar.stop()
  }
}
