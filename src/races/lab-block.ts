// The lab block: the shared words one race run works on, mirrored from
// assembly/races.ts (test/races/lab.test.ts checks the kernels use the same
// offsets by running them).
//
//   word  0-1  barrier   every logical thread starts here, together
//         2-3  mutex     the lock of the `mutex` and `global-lock` fixes
//         4    counter   the lost-update counter
//         5    deadlocks lock waits that timed out (bankNaiveLocks)
//         6    seed      the bank's transfer generator
//         7    overdrafts debits that left a balance below 0 (bank)
//   8-15       spare, so the block fills one cache line

export const LAB_BARRIER = 0
export const LAB_MUTEX = 2
export const LAB_COUNTER = 4
export const LAB_DEADLOCKS = 5
export const LAB_SEED = 6
export const LAB_OVERDRAFTS = 7
export const LAB_WORDS = 16
