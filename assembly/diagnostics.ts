// Kernels that exist to measure and test the engine itself.

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

/** Start of the memory the module leaves free: the engine's arena begins here. */
export function heapBase(): usize {
  return __heap_base;
}
