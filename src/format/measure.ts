// Timing helpers for the CLI, the benches and the demo: medians of repeated runs.

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Runs `fn` `warmup` times untimed, then `runs` times; the median in ms and the last result. */
export async function time<T>(fn: () => T | Promise<T>, runs: number, warmup = 1): Promise<{ ms: number; result: T; samples: number[] }> {
  let result!: T
  for (let i = 0; i < warmup; i++) result = await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    result = await fn()
    samples.push(performance.now() - started)
  }
  return { ms: median(samples), result, samples }
}
