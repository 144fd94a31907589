// The element types the algorithms take, and how each reaches a kernel: a
// type code (assembly/scan.ts and compact.ts number them the same way) and,
// for sorting, the kind of key its values map to (assembly/radix-keys.ts).

import { describe, typeError } from '../errors.js'
import type { SharedMemory, TypedArray } from '../memory/shared-memory.js'

/** A view the algorithms take: one of the four element types, from engine.alloc (or a subarray of one). */
export type AlgorithmView = Float64Array<ArrayBufferLike> | Float32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike>

export interface ElementKind {
  readonly Type: Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
  /** assembly/scan.ts and compact.ts's TYPE_*. */
  readonly code: number
  /** assembly/radix-keys.ts's KIND_*: ascending keys; descending is the next number. */
  readonly keyKind: number
  readonly bytes: 4 | 8
}

export const ELEMENT_KINDS: readonly ElementKind[] = [
  { Type: Float64Array, code: 0, keyKind: 7, bytes: 8 },
  { Type: Float32Array, code: 1, keyKind: 5, bytes: 4 },
  { Type: Int32Array, code: 2, keyKind: 3, bytes: 4 },
  { Type: Uint32Array, code: 3, keyKind: 1, bytes: 4 },
]

const TYPE_NAMES = 'a Float64Array, Float32Array, Int32Array or Uint32Array from engine.alloc'

/** A checked view: its element kind, byte address and length. */
export interface Operand {
  readonly view: AlgorithmView
  readonly kind: ElementKind
  readonly address: number
  readonly length: number
}

/** Checks that `view` is one of the four types and lies in a live allocation of `memory`; `what` names it in messages. */
export function operand(memory: SharedMemory, view: unknown, what: string): Operand {
  const kind = ArrayBuffer.isView(view) ? ELEMENT_KINDS.find((k) => view instanceof k.Type) : undefined
  if (!kind) throw typeError(what, TYPE_NAMES, view)
  const typed = view as AlgorithmView
  return { view: typed, kind, address: memory.address(typed, what), length: typed.length }
}

/** Checks that `view` is a Uint8Array in a live allocation of `memory`; its address. */
export function maskOperand(memory: SharedMemory, view: unknown, what: string): number {
  if (!(view instanceof Uint8Array)) throw typeError(what, 'a Uint8Array from engine.alloc', view)
  return memory.address(view, what)
}

/** Throws a TypeError unless `b` has `a`'s element type. */
export function sameType(a: Operand, b: Operand, aName: string, bName: string): void {
  if (a.kind !== b.kind) throw typeError(bName, `a ${a.kind.Type.name} like ${aName}`, b.view)
}

/** Whether two views of the engine's memory share any byte (after growth they may hold different buffer objects over the same bytes). */
export function overlap(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength
}

/** A RangeError unless `a` and `b` share no byte. */
export function disjoint(a: ArrayBufferView, b: ArrayBufferView, aName: string, bName: string): void {
  if (overlap(a, b)) {
    throw new RangeError(`${bName} must not overlap ${aName}, got ${describe(b as TypedArray)} at byte ${b.byteOffset} ` +
      `and ${describe(a as TypedArray)} at byte ${a.byteOffset}`)
  }
}
