// The engine's shared WebAssembly.Memory, its arena, and the typed views handed
// to users. Knows which views are its own, so a kernel never gets a pointer to
// memory it does not own.

import { describe, rangeError, typeError } from '../errors.js'
import { Arena } from './arena.js'

export const PAGE_BYTES = 65_536
/** wasm32 can address at most 65536 pages (4 GiB). */
export const MAX_BYTES = 65_536 * PAGE_BYTES

export const ELEMENT_TYPES = [
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array,
  Int8Array, Uint8Array, Uint8ClampedArray, BigInt64Array, BigUint64Array,
] as const

export type ElementType = (typeof ELEMENT_TYPES)[number]

/** Any typed array, over any kind of buffer. */
export type TypedArray =
  | Float64Array<ArrayBufferLike> | Float32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike>
  | Uint32Array<ArrayBufferLike> | Int16Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike>
  | Int8Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike> | Uint8ClampedArray<ArrayBufferLike>
  | BigInt64Array<ArrayBufferLike> | BigUint64Array<ArrayBufferLike>

/** The view engine.alloc(Type, n) returns: a `Type` over the engine's SharedArrayBuffer. */
export type SharedView<T extends ElementType> =
  T extends Float64ArrayConstructor ? Float64Array<SharedArrayBuffer>
  : T extends Float32ArrayConstructor ? Float32Array<SharedArrayBuffer>
  : T extends Int32ArrayConstructor ? Int32Array<SharedArrayBuffer>
  : T extends Uint32ArrayConstructor ? Uint32Array<SharedArrayBuffer>
  : T extends Int16ArrayConstructor ? Int16Array<SharedArrayBuffer>
  : T extends Uint16ArrayConstructor ? Uint16Array<SharedArrayBuffer>
  : T extends Int8ArrayConstructor ? Int8Array<SharedArrayBuffer>
  : T extends Uint8ArrayConstructor ? Uint8Array<SharedArrayBuffer>
  : T extends Uint8ClampedArrayConstructor ? Uint8ClampedArray<SharedArrayBuffer>
  : T extends BigInt64ArrayConstructor ? BigInt64Array<SharedArrayBuffer>
  : BigUint64Array<SharedArrayBuffer>

/** The view engine.from(array) returns: an engine view of `array`'s own type (a Uint8ClampedArray stays one). */
export type SharedCopy<A extends TypedArray> = SharedView<Extract<ElementType, { readonly prototype: { readonly [Symbol.toStringTag]: A[typeof Symbol.toStringTag] } }>>

const elementTypeNames = ELEMENT_TYPES.map((Type) => Type.name).join(', ')

/** Creates a shared memory of `initialBytes`, growable to `maximumBytes` (both rounded up to pages). */
export function createMemory(initialBytes: number, maximumBytes: number): WebAssembly.Memory {
  return new WebAssembly.Memory({
    initial: Math.ceil(initialBytes / PAGE_BYTES),
    maximum: Math.ceil(maximumBytes / PAGE_BYTES),
    shared: true,
  })
}

export class SharedMemory {
  readonly arena: Arena
  private readonly buffers = new WeakSet<ArrayBufferLike>()
  private readonly addresses = new WeakMap<ArrayBufferView, number>()

  /** Manages `memory` from byte `base` (above the module's static data) up to `maximumBytes`. */
  constructor(readonly memory: WebAssembly.Memory, base: number, readonly maximumBytes: number) {
    this.buffers.add(memory.buffer)
    this.arena = new Arena({
      base,
      limit: maximumBytes,
      reserve: (end) => {
        const have = memory.buffer.byteLength
        if (end > have) memory.grow(Math.ceil((end - have) / PAGE_BYTES))
      },
    })
  }

  /** The current buffer: after growth it is a new, longer SharedArrayBuffer over the same bytes. */
  buffer(): SharedArrayBuffer {
    const buffer = this.memory.buffer as unknown as SharedArrayBuffer
    this.buffers.add(buffer)
    return buffer
  }

  /** A zeroed, shared view of `length` elements of `Type`. */
  alloc<T extends ElementType>(Type: T, length: number): SharedView<T> {
    if (!(ELEMENT_TYPES as readonly unknown[]).includes(Type)) {
      throw typeError('Type', `one of ${elementTypeNames}`, Type)
    }
    if (typeof length !== 'number') throw typeError('length', 'a number of elements', length)
    if (!Number.isInteger(length) || length < 0) throw rangeError('length', 'an integer >= 0', length)
    const bytes = length * Type.BYTES_PER_ELEMENT
    if (bytes > this.arena.availableBytes) {
      throw new RangeError(`length ${length} × ${Type.BYTES_PER_ELEMENT} bytes = ${bytes} bytes is more than the ` +
        `${this.arena.availableBytes} bytes the engine can still allocate ` +
        `(memory.maximumBytes is ${this.maximumBytes})`)
    }
    const block = this.arena.allocate(bytes)
    const buffer = this.buffer()
    if (block.dirtyBytes > 0) new Uint8Array(buffer, block.address, block.dirtyBytes).fill(0)
    const view = new (Type as unknown as new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => SharedView<T>)(
      buffer, block.address, length)
    this.addresses.set(view, block.address)
    return view
  }

  /**
   * A new view of the same type and length as `array` (any typed array, over
   * any buffer; a Node Buffer copies as a Uint8Array), holding a copy of its
   * elements.
   */
  copy<A extends TypedArray>(array: A): SharedCopy<A> {
    const Type = ELEMENT_TYPES.find((T) => array instanceof T)
    if (!Type) throw typeError('array', `a typed array to copy (one of ${elementTypeNames})`, array)
    const view = this.alloc(Type, array.length) as unknown as TypedArray
    ;(view as Uint8Array).set(array as unknown as Uint8Array)
    return view as SharedCopy<A>
  }

  /** Returns `view`'s memory to the arena. `view` must be one returned by alloc. */
  free(view: ArrayBufferView): void {
    const address = this.addresses.get(view)
    if (address === undefined) {
      throw ArrayBuffer.isView(view)
        ? new RangeError(`view must be one returned by engine.alloc and not yet freed, got ${describe(view)} at byte ${view.byteOffset}`)
        : typeError('view', 'a typed array returned by engine.alloc', view)
    }
    this.addresses.delete(view)
    this.arena.release(address)
  }

  /**
   * The byte address of `view` after checking that its bytes lie inside one live
   * allocation of this engine. `what` names the argument in error messages.
   */
  address(view: ArrayBufferView, what: string): number {
    if (!this.buffers.has(view.buffer)) {
      throw typeError(what, 'a view of this engine\'s memory (from engine.alloc)', view)
    }
    const known = this.addresses.get(view)
    if (known !== undefined) return known
    if (this.arena.blockContaining(view.byteOffset, view.byteLength) === undefined) {
      throw new RangeError(`${what} (bytes ${view.byteOffset}..${view.byteOffset + view.byteLength}) does not lie ` +
        'inside a live allocation: it was freed, or reaches past the end of its allocation')
    }
    return view.byteOffset
  }
}
