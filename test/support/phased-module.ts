// A user's own phased kernels, as the tests compile them: the two-phase
// histogram of docs/own-kernels.md (read from the page, so the docs' code is
// what runs) and a kernel that traps in one member before a barrier; the
// bytes they count and what a plain loop counts.

import { readFileSync } from 'node:fs'

const page = new URL('../../../docs/own-kernels.md', import.meta.url)

/** The AssemblyScript of docs/own-kernels.md's assembly/histogram.ts block; an Error if the page lost it. */
export function docsHistogramSource(): string {
  const source = /```ts\n\/\/ assembly\/histogram\.ts \(AssemblyScript\)\n([\s\S]*?)```/.exec(readFileSync(page, 'utf8'))?.[1]
  if (!source) throw new Error('docs/own-kernels.md no longer shows assembly/histogram.ts')
  return source
}

/**
 * The docs' histogram and `trapBeforeBarrier(member, passed)`: member
 * `member` traps (unreachable) before the barrier the others wait at; a member
 * past the barrier would set passed[0] to 1. Uses the histogram's imports.
 */
export function phasedModuleSource(): string {
  return `${docsHistogramSource()}
export function trapBeforeBarrier(member: i32, passed: Ptr<i32>): Phased {
  if (threadIndex() == member) unreachable()
  barrier()
  atomic.store<i32>(passed, 1)
}
`
}

/** `length` bytes, spread over every value (Knuth's multiplicative hash of the index). */
export const hashedBytes = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => Math.imul(i, 2654435761) >>> 24)

/** The 256 counts of `bytes`, by a plain loop. */
export function countBytes(bytes: ArrayLike<number>): Uint32Array {
  const counts = new Uint32Array(256)
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]!]!++
  return counts
}
