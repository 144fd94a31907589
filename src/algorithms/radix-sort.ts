// engine.sort and engine.sortByKey: a stable LSD radix sort over fixed
// blocks. Each pass counts one digit per block (a region), turns the counts
// into each (digit, block)'s first output index on the calling thread
// (digits in order, blocks in order within a digit: stable), and scatters
// every block to those indices (a region), keys and values together (as
// records from sortByKey's first pass to its last: recordPasses). Values
// become keys on the first pass and keys values on the last, so the array
// is read and written once a pass; passes whose digit is the same for every
// key are skipped (the first count also gathers which key bits vary).

import { sortBlock } from '../kernels/algorithm-kernels.js'
import type { Scratch, Step, Steps } from './call.js'
import type { Operand } from './element-types.js'

/** assembly/radix-keys.ts's KIND_KEYS: keys already keys, mapped neither in nor out. */
const KIND_KEYS = 0

/**
 * Digit width in bits for keys of 4 and 8 bytes: 8 (256 streams a scatter,
 * which the caches and TLB hold) beat 11 (fewer passes) by 15–25% once the
 * middle passes stopped mapping keys (docs/algorithms.md).
 */
export const DIGIT_BITS: Readonly<Record<4 | 8, number>> = { 4: 8, 8: 8 }


/** The passes of a `keyBits`-bit key in digits of `digitBits`: [shift, bits], lowest digit first. */
export function digits(keyBits: number, digitBits: number): [number, number][] {
  const passes: [number, number][] = []
  for (let shift = 0; shift < keyBits; shift += digitBits) passes.push([shift, Math.min(digitBits, keyBits - shift)])
  return passes
}

/** Whether any of bits [shift, shift + bits) is set in the 64-bit mask hi:lo. */
function anySet(lo: number, hi: number, shift: number, bits: number): boolean {
  const mask = ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) >> BigInt(shift)
  return (mask & ((1n << BigInt(bits)) - 1n)) !== 0n
}

export interface SortJob {
  readonly keys: Operand
  /** Moved with the keys (sortByKey), or none. */
  readonly values?: Operand | undefined
  readonly descending: boolean
}

/** The regions of one sort, in order. */
export function* radixSort(scratch: Scratch, job: SortJob): Steps<void> {
  const { keys, values, descending } = job
  const n = keys.length
  if (n < 2) return
  const bytes = keys.kind.bytes
  const digitBits = DIGIT_BITS[bytes]
  // A Uint32Array sorted ascending is its own keys: no pass maps them (the first count still gathers the spread).
  const kind = keys.kind.Type === Uint32Array && !descending ? KIND_KEYS : keys.kind.keyKind + (descending ? 1 : 0)
  const [count, scatter] = bytes === 8 ? ['radixCount64', 'radixScatter64'] as const : ['radixCount32', 'radixScatter32'] as const
  const block = sortBlock(n)
  const blocks = Math.ceil(n / block)
  const counts = scratch.allocate(blocks * 4 * 2 ** digitBits)
  const spread = scratch.allocate(blocks * 16)
  // spreadAt: where the first count puts each block's AND and OR of its keys, or 0 for none.
  const countStep = (src: number, shift: number, bits: number, kindIn: number, spreadAt = 0): Step =>
    ({ kernel: count, blocks, args: [src, n, block, shift, bits, kindIn, counts, spreadAt], runs: true })

  const passes = digits(bytes * 8, digitBits)
  yield countStep(keys.address, passes[0]![0], passes[0]![1], kind, spread)
  const varying = varyingBits(scratch.buffer(), spread, blocks, bytes)
  const needed = passes.filter(([shift, bits]) => anySet(varying[0], varying[1], shift, bits))
  if (needed.length === 0) return

  const records = values && needed.length >= 2 ? recordBuffers(scratch, keys, values, needed.length) : undefined
  if (values && records) {
    yield* recordPasses(scratch, { keys, values, kind, block, blocks, counts, needed, records, countStep })
    return
  }
  const keyScratch = scratch.allocate(n * bytes)
  const valueBytes = values?.kind.bytes ?? 0
  const valueScratch = values ? scratch.allocate(n * valueBytes) : 0
  let [src, dst] = [keys.address, keyScratch]
  let [srcValues, dstValues] = [values?.address ?? 0, valueScratch]
  for (const [i, [shift, bits]] of needed.entries()) {
    const kindIn = i === 0 ? kind : 0
    if (i > 0 || shift !== 0) yield countStep(src, shift, bits, kindIn)
    firstIndices(scratch.buffer(), counts, blocks, bits)
    const kindOut = i === needed.length - 1 ? kind : 0
    yield { kernel: scatter, blocks, args: [src, dst, srcValues, dstValues, valueBytes, n, block, shift, bits, kindIn, kindOut, counts], runs: true }
    ;[src, dst] = [dst, src]
    ;[srcValues, dstValues] = [dstValues, srcValues]
  }
  if (needed.length % 2 === 1) {
    // The last pass wrote the scratch buffers: copy them back.
    const copyBlock = block * bytes
    yield { kernel: 'copyBlocks', blocks, args: [keyScratch, keys.address, n * bytes, copyBlock], runs: true }
    if (values) yield { kernel: 'copyBlocks', blocks, args: [valueScratch, values.address, n * valueBytes, block * valueBytes], runs: true }
  }
}

/** assembly/sort-records.ts's scatter modes: arrays to records, records to records, records to arrays. */
export const RECORD_MODES = { TO_RECORDS: 1, RECORDS: 2, FROM_RECORDS: 3 } as const
const { TO_RECORDS, RECORDS, FROM_RECORDS } = RECORD_MODES

interface RecordJob {
  readonly keys: Operand
  readonly values: Operand
  readonly kind: number
  readonly block: number
  readonly blocks: number
  /** The first count's rows (already counted for needed[0]'s digit, unless it is not the lowest). */
  readonly counts: number
  readonly needed: readonly [number, number][]
  /** Where the passes write records, alternately (the second 0 with two passes). */
  readonly records: readonly [number, number]
  /** radixSort's count of keys in an array (for a first digit that is not the lowest). */
  readonly countStep: (src: number, shift: number, bits: number, kindIn: number) => Step
}

/**
 * sortByKey's record buffers (n records of 8 or 16 bytes; two, unless two
 * passes need one), or undefined if the engine's memory cannot hold them:
 * then keys and values move apart, in n keys' and n values' scratch.
 */
function recordBuffers(scratch: Scratch, keys: Operand, values: Operand, passes: number): [number, number] | undefined {
  const bytes = keys.length * (keys.kind.bytes + values.kind.bytes <= 8 ? 8 : 16)
  const first = scratch.tryAllocate(passes > 2 ? 2 * bytes : bytes)
  if (first === undefined) return undefined
  return [first, passes > 2 ? first + bytes : 0]
}

/**
 * sortByKey's passes when there are two or more: the first reads keys and
 * values and writes records (a key and its value side by side, 8 or 16
 * bytes), the middle ones move records, the last writes keys and values
 * back. One write stream a digit instead of two, and no copy back.
 */
function* recordPasses(scratch: Scratch, job: RecordJob): Steps<void> {
  const { keys, values, kind, block, blocks, counts, needed, records, countStep } = job
  const n = keys.length
  const valueBytes = values.kind.bytes
  const [recordCount, recordScatter] = keys.kind.bytes === 8
    ? ['radixCountRecords64', 'radixScatterRecords64'] as const
    : ['radixCountRecords32', 'radixScatterRecords32'] as const
  for (const [i, [shift, bits]] of needed.entries()) {
    const last = i === needed.length - 1
    const [from, to] = [records[(i + 1) % 2]!, records[i % 2]!]
    if (i === 0 && shift !== 0) yield countStep(keys.address, shift, bits, kind)
    if (i > 0) yield { kernel: recordCount, blocks, args: [from, valueBytes, n, block, shift, bits, counts], runs: true }
    firstIndices(scratch.buffer(), counts, blocks, bits)
    const args = i === 0 ? [keys.address, to, values.address, 0, valueBytes, n, block, shift, bits, kind, TO_RECORDS, counts]
      : last ? [from, keys.address, 0, values.address, valueBytes, n, block, shift, bits, kind, FROM_RECORDS, counts]
        : [from, to, 0, 0, valueBytes, n, block, shift, bits, KIND_KEYS, RECORDS, counts]
    yield { kernel: recordScatter, blocks, args, runs: true }
  }
}

/** The bits that differ between some two keys: OR of every key XOR AND of every key, as [lo, hi] words. */
function varyingBits(buffer: SharedArrayBuffer, spread: number, blocks: number, bytes: number): [number, number] {
  const words = new Uint32Array(buffer, spread, blocks * 4)
  let [andLo, andHi, orLo, orHi] = [~0, ~0, 0, 0]
  for (let b = 0; b < blocks; b++) {
    andLo &= words[4 * b]!
    orLo |= words[4 * b + 2]!
    if (bytes === 8) {
      andHi &= words[4 * b + 1]!
      orHi |= words[4 * b + 3]!
    }
  }
  return [(andLo ^ orLo) >>> 0, (andHi ^ orHi) >>> 0]
}

/**
 * Turns each block's digit counts (rows of 2^bits) into the index where its
 * first element of that digit goes: all smaller digits first, then the same
 * digit in earlier blocks.
 */
function firstIndices(buffer: SharedArrayBuffer, counts: number, blocks: number, bits: number): void {
  const radix = 2 ** bits
  const rows = new Uint32Array(buffer, counts, blocks * radix)
  let next = 0
  for (let digit = 0; digit < radix; digit++) {
    for (let at = digit; at < blocks * radix; at += radix) {
      const count = rows[at]!
      rows[at] = next
      next += count
    }
  }
}
