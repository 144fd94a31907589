// The lab block: the shared words one race run works on, the twin of the
// LAB_* constants of assembly/races.ts (test/kernels/layouts.test.ts reads
// that file and checks every offset and block size agrees).
//
//   word  0-1  barrier   every logical thread starts here, together
//         2-3  mutex     the lock of the `mutex` and `global-lock` fixes
//         4    counter   the lost-update counter
//         5    deadlocks lock waits that timed out (bankNaiveLocks)
//         6    seed      the bank's transfer generator
//         7    overdrafts debits that left a balance below 0 (bank)
//         8    ticks     blocks of racing work ended, by any thread
//         9    overlaps  ticks that found another thread's tick since their own last one
//         10   ready     threads at the start line (they spin there, then meet at the barrier)
//         11   log records  progress records the log after the block holds (0: no log)
//         12   log next     records appended so far (the next record's slot)
//   13-15      spare, so the block fills one cache line
//   16..       the progress log: LOG_RECORD_WORDS words a record, (thread,
//              done, read, wrote), in the order the threads appended them
//
// A race kernel (none, naive-locks) ticks after every block of its work:
// TICK_BLOCK increments or words, TICK_TRANSFERS transfers. The counter
// kernels also append a progress record after each block: the increments
// that thread has done and the counter value its last increment read and
// wrote (-1, -1: a block that touched no shared word).

export const LAB_BARRIER = 0
export const LAB_MUTEX = 2
export const LAB_COUNTER = 4
export const LAB_DEADLOCKS = 5
export const LAB_SEED = 6
export const LAB_OVERDRAFTS = 7
export const LAB_TICKS = 8
export const LAB_OVERLAPS = 9
export const LAB_READY = 10
export const LAB_LOG_RECORDS = 11
export const LAB_LOG_NEXT = 12
export const LAB_WORDS = 16

/** Increments (counter) or words (histogram) per tick: TICK_BLOCK in assembly/races.ts. */
export const TICK_BLOCK = 4096
/** Transfers per tick (bank): TICK_TRANSFERS in assembly/races.ts. */
export const TICK_TRANSFERS = 64
/** Words of one progress record; the log starts at word LAB_WORDS. */
export const LOG_RECORD_WORDS = 4
