// The types a sabre kernel module is written with (`import { Ptr, Sum } from
// "sabre/assembly/kernel"`). They compile to plain usize and number types:
// their only job is to tell `sabre compile` what each parameter is, so it
// can describe the kernel and type its calls in TypeScript.
//
//   export function scaleF64(xs: Ptr<f64>, factor: f64, begin: i32, end: i32): void
//   export function sumF64(xs: Ptr<f64>, begin: i32, end: i32): Sum<f64>
//   export function hypot(x: f64, y: f64): f64
//
// sabre.wasm imports only its phased test kernels' three functions from it (assembly/phases.ts).

/**
 * The address of an engine-allocated view of T, in JavaScript: f64 a
 * Float64Array, f32 a Float32Array, u32 a Uint32Array, i32 an Int32Array, u8 a
 * Uint8Array or Uint8ClampedArray (an image's RGBA bytes). Element i is at
 * `ptr + (i << log2(sizeof<T>()))`, e.g. `load<u8>(ptr + i)`; the address is
 * a multiple of sizeof<T>().
 */
export type Ptr<T> = usize
/** A view of f64 elements (Float64Array). */
export type F64Ptr = usize
/** A view of f32 elements (Float32Array). */
export type F32Ptr = usize
/** A view of u32 elements (Uint32Array). */
export type U32Ptr = usize
/** A view of i32 elements (Int32Array). */
export type I32Ptr = usize
/** A view of bytes (Uint8Array or Uint8ClampedArray). */
export type U8Ptr = usize

/** A reduction's partial result for [begin, end): partials combine by addition, in block order. */
export type Sum<T> = T
/** A reduction's partial result for [begin, end): partials combine by Math.min, in block order. */
export type Min<T> = T
/** A reduction's partial result for [begin, end): partials combine by Math.max, in block order. */
export type Max<T> = T


/** A phased kernel's return type: it runs once on every member of the team (engine.parallel), its phases separated by barrier(). */
export type Phased = void

// Phased kernels (engine.parallel): the kernel runs once on every member of
// the team, and its phases are separated by barrier(). The engine gives each
// member's instance these three functions as imports; a kernel that calls
// none of them imports nothing.

/** This member's index in the team: 0 … threadCount() − 1. */
@external("sabre", "threadIndex")
export declare function threadIndex(): i32;

/** Members in the team running this phased kernel (the calling thread included, in engine.parallelSync). */
@external("sabre", "threadCount")
export declare function threadCount(): i32;

/**
 * Returns once every member has called it: what each wrote before its call
 * is visible to all after theirs. If the call is cancelled meanwhile (a
 * member trapped, an abort, a timeout), it does not return: the kernel is
 * unwound, as by a trap, and the call rejects with that cause.
 */
@external("sabre", "barrier")
export declare function barrier(): void;
