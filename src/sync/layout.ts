// Word layouts of the sync primitives, shared with assembly/sync/layout.ts: a
// lock taken by a wasm kernel and one taken by JS code are the same Int32
// words. test/sync/layout.test.ts checks that both files agree.
//
//   Mutex      [ STATE | OWNER ]        STATE: 0 free, 1 held, 2 held and maybe waited on
//   Semaphore  [ PERMITS ]
//   Barrier    [ STATE | PARTIES ]      STATE: phase << 16 | arrived
//   Latch      [ COUNT ]

export const MUTEX_STATE = 0
export const MUTEX_OWNER = 1
export const MUTEX_WORDS = 2

export const SEMAPHORE_PERMITS = 0
export const SEMAPHORE_WORDS = 1

export const BARRIER_STATE = 0
export const BARRIER_PARTIES = 1
export const BARRIER_WORDS = 2
export const BARRIER_ARRIVED_BITS = 16

export const LATCH_COUNT = 0
export const LATCH_WORDS = 1
