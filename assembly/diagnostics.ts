// Kernels that exist to measure and test the engine itself, and the worker
// token that lets a lock name the worker holding it.

import { mutexLock, mutexUnlock } from "./sync/mutex";

/** This instance's worker token (0 on the main side): set once at boot. */
let token: i32 = 0;

/**
 * Called by the engine when a worker boots, with a token unique among every
 * worker the engine ever started (replacements get new ones), so a lock's
 * owner word tells whether its holder still lives (engine.isAlive).
 */
export function setWorkerToken(value: i32): void {
  token = value;
}

/** The token of the worker running this code: use it as a lock's owner id. */
export function workerToken(): i32 {
  return token;
}

/** Does nothing: the cost of a region of these is the engine's dispatch cost. */
export function noop(begin: i32, end: i32): void {}

/**
 * Traps when index `at` falls in [begin, end): kind 0 executes `unreachable`,
 * kind 1 loads from an address past the end of memory, kind 2 calls abort()
 * with a message. Used by tests of trap handling.
 */
export function trap(kind: i32, at: i32, begin: i32, end: i32): void {
  if (at < begin || at >= end) return;
  if (kind == 0) unreachable();
  if (kind == 1) {
    const past = (<usize>memory.size() << 16) + 16;
    store<u32>(past, load<u32>(past) + 1);
  }
  abort("trap kernel asked to abort");
}

/**
 * Spins while the Int32 word at `flag` is 0, on the chunk that holds index
 * `at`: a kernel that hangs until someone sets the flag (or the engine's
 * timeout replaces the worker).
 */
export function hang(flag: usize, at: i32, begin: i32, end: i32): void {
  if (at < begin || at >= end) return;
  while (atomic.load<i32>(flag) == 0) {}
}

/**
 * Spins while the Int32 word at `flag` is 0, except on the instance whose
 * token is `spared`: a kernel that hangs every worker but one thread (a
 * synchronous region's caller, in tests of its timeout).
 */
export function hangExcept(flag: usize, spared: i32, begin: i32, end: i32): void {
  if (token == spared || begin >= end) return;
  while (atomic.load<i32>(flag) == 0) {}
}

/**
 * Takes the mutex at `lock` as this worker, then hangs like `hang` while it
 * holds it: a lock holder that never lets go (or dies holding the lock).
 */
export function holdLock(lock: usize, flag: usize, begin: i32, end: i32): void {
  if (begin != 0 || begin >= end) return; // index 0's chunk only; empty ranges (warm-up) return
  mutexLock(lock, token);
  while (atomic.load<i32>(flag) == 0) {}
  mutexUnlock(lock, token);
}

/** Start of the memory the module leaves free: the engine's arena begins here. */
export function heapBase(): usize {
  return __heap_base;
}
