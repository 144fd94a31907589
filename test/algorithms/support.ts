// What the algorithm suites share: engines of 1, 2 and 3 threads, typed
// arrays of awkward values (duplicates, NaN, −0, ±Infinity), and a check that
// two arrays hold the same values bit for bit (NaN equal to NaN).

import fc from 'fast-check'
import type { Test } from 'uvu'
import { Engine } from '../../src/index.js'
import { suite } from '../support/suite.js'

export type Numbers = Float64Array | Float32Array | Int32Array | Uint32Array
export type NumbersType = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
export const TYPES: readonly NumbersType[] = [Float64Array, Float32Array, Int32Array, Uint32Array]

/** Fixed, so a run is repeatable; runs bounded so the suite takes a few seconds. */
export const RUNS = { seed: 22, numRuns: 40 }

/** A suite named `name` with engines of 1, 2 and 3 threads, started before it and closed after it: teams[t] has t + 1 threads. */
export function teamSuite(name: string): { test: Test; teams: Engine[] } {
  const test = suite(name)
  const teams: Engine[] = []
  test.before(async () => { teams.push(...await Promise.all([1, 2, 3].map((threads) => Engine.start({ threads })))) })
  test.after(async () => { await Promise.all(teams.map((engine) => engine.close())) })
  return { test, teams }
}

/** Which of teamSuite's engines a case runs on. */
export const team = fc.integer({ min: 0, max: 2 })

/** An array of any of the four types. */
export const anyArray = (): fc.Arbitrary<Numbers> => fc.constantFrom(...TYPES).chain((Type) => arrays(Type))

/** Lengths: 0, 1, small, and some across several blocks (blocks are 4096–8192 elements at these sizes); rarely powers of two. */
export const lengths = fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: 3, max: 100 }), fc.integer({ min: 4000, max: 20_000 }))

/** A value of `Type`: few distinct ones (many duplicates), the special ones, or any. */
export function values(Type: NumbersType): fc.Arbitrary<number> {
  if (Type === Int32Array) return fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
  if (Type === Uint32Array) return fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(2 ** 32 - 1, 2 ** 31), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  const special = fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, -1.5, 1.5)
  const any = Type === Float32Array ? fc.float() : fc.double()
  return fc.oneof(special, fc.integer({ min: -4, max: 4 }), any)
}

/** `n` values of `Type` from a seed: generated in bulk (fast-check builds large arrays slowly). */
export function fill(Type: NumbersType, n: number, seed: number, pool: readonly number[]): Numbers {
  const out = new Type(n)
  let state = seed >>> 0 || 1
  for (let i = 0; i < n; i++) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5
    out[i] = pool[(state >>> 0) % pool.length]!
  }
  return out
}

/** An array of `Type`: a pool of values (from `values`) repeated in a seeded order. */
export const arrays = (Type: NumbersType): fc.Arbitrary<Numbers> =>
  fc.tuple(lengths, fc.integer(), fc.array(values(Type), { minLength: 1, maxLength: 64 }))
    .map(([n, seed, pool]) => fill(Type, n, seed, pool))

/** The index of the first element where a and b differ (Object.is; NaN equals NaN), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i
  return -1
}
