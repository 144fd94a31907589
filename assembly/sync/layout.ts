// Word layouts of the sync primitives, shared with src/sync/layout.ts: a lock
// taken by a wasm kernel and one taken by JS code are the same Int32 words.
// test/sync/layout.test.ts checks that both files agree.
//
//   Mutex      [ STATE | OWNER ]        STATE: 0 free, 1 held, 2 held and maybe waited on
//   Semaphore  [ PERMITS ]
//   Barrier    [ STATE | PARTIES ]      STATE: phase << 16 | arrived
//   Latch      [ COUNT ]

export const MUTEX_STATE: i32 = 0;
export const MUTEX_OWNER: i32 = 1;
export const MUTEX_WORDS: i32 = 2;

export const SEMAPHORE_PERMITS: i32 = 0;
export const SEMAPHORE_WORDS: i32 = 1;

export const BARRIER_STATE: i32 = 0;
export const BARRIER_PARTIES: i32 = 1;
export const BARRIER_WORDS: i32 = 2;
export const BARRIER_ARRIVED_BITS: i32 = 16;

export const LATCH_COUNT: i32 = 0;
export const LATCH_WORDS: i32 = 1;

/** Results of a timed wait. */
export const OK: i32 = 0;
export const TIMED_OUT: i32 = 2;
