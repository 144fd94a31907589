// The layout of a task row: one call of a Tasks-mode region (runAll, and the
// Executor's batches on it), written by the main side, run and completed by
// the member that claims it. Both sides import this module.
//
//   f64 slots  [0] kernel id   [1] argument count   [2..17] arguments (MAX_ARGS)
//              [18] result (or the error text's length)   [19] status
//              [20] team index of the member that ran it
//   then TASK_TEXT_CHARS u16 of error text

import { MAX_ARGS } from './control-block.js'

export const TASK_KERNEL = 0
export const TASK_ARGC = 1
export const TASK_ARGS = 2
export const TASK_RESULT = TASK_ARGS + MAX_ARGS
export const TASK_STATUS = TASK_RESULT + 1
export const TASK_WORKER = TASK_STATUS + 1
/** Float64 slots of a row before its text. */
export const TASK_SLOTS = TASK_WORKER + 1
/** Byte offset of the error text in a row. */
export const TASK_TEXT = TASK_SLOTS * 8
export const TASK_TEXT_CHARS = 128
export const TASK_ROW_BYTES = TASK_TEXT + TASK_TEXT_CHARS * 2
export const enum TaskStatus { Pending = 0, Done = 1, Failed = 2 }
/** A task row's kernel id that says: do not run this row (its call failed validation). */
export const SKIP_TASK = -1
