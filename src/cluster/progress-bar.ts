// A terminal progress bar for a cluster map, fed by the nodes' progress events.

import { SingleBar } from 'cli-progress'

/** An onProgress(done, total) that draws a bar on stderr (nothing when stderr is not a terminal). */
export function progressBar(label = 'cluster map'): (done: number, total: number) => void {
  let bar: SingleBar | undefined
  return (done, total) => {
    if (!process.stderr.isTTY) return
    if (!bar) {
      bar = new SingleBar({ format: `${label} {bar} {value}/{total} items`, stream: process.stderr, hideCursor: true, clearOnComplete: false })
      bar.start(total, done)
    } else bar.update(done)
    if (done >= total) bar.stop()
  }
}
