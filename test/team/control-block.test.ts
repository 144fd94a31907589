import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as layout from '../../src/team/control-block.js'
import * as row from '../../src/team/task-row.js'

const test = suite('control block layout')

const wordsOf = (byteIndex: number) => Math.floor(byteIndex / 64)

test('hot words each own a cache line', () => {
  const hot = [layout.GENERATION, layout.NEXT, layout.DONE, layout.COMPLETE, layout.CANCEL, layout.ACTIVE, layout.LOG_TAIL]
  const lines = hot.map((word) => wordsOf(word * 4))
  assert.is(new Set(lines).size, hot.length)
  assert.is(wordsOf(layout.KERNEL * 4), 1, 'the descriptor has its own line')
  for (let w = 0; w < 4; w++) assert.is(wordsOf(layout.cursor(w) * 4), wordsOf(layout.cursor(0) * 4) + w)
})

test('arguments, error text and cursors do not overlap and fit the block', () => {
  const argsBytes = [layout.ARGS_F64 * 8, (layout.ARGS_F64 + layout.MAX_ARGS) * 8]
  const textBytes = [layout.ERROR_TEXT_U16 * 2, (layout.ERROR_TEXT_U16 + layout.ERROR_TEXT_CHARS) * 2]
  const cursorBytes = [layout.cursor(0) * 4, (layout.cursor(layout.MAX_TEAM - 1) + 1) * 4]
  assert.ok(argsBytes[0]! > layout.LOG_TAIL * 4)
  assert.ok(textBytes[0]! >= argsBytes[1]!)
  assert.ok(cursorBytes[0]! >= textBytes[1]!)
  assert.ok(cursorBytes[1]! <= layout.CONTROL_BYTES)
})

test('a task row holds its arguments, result, status, worker and error text', () => {
  assert.ok(row.TASK_ARGS + layout.MAX_ARGS <= row.TASK_RESULT, 'a task row holds every argument a region can take')
  assert.ok(row.TASK_WORKER * 8 < row.TASK_TEXT)
  assert.is(row.TASK_ROW_BYTES % 8, 0, 'rows stay 8-byte aligned')
})

test('error text round-trips and is cut to its capacity', () => {
  const views = layout.controlViews(new SharedArrayBuffer(layout.CONTROL_BYTES), 0)
  layout.writeErrorText(views, 'RuntimeError: unreachable ✓')
  assert.is(layout.readErrorText(views), 'RuntimeError: unreachable ✓')
  layout.writeErrorText(views, 'x'.repeat(10_000))
  assert.is(layout.readErrorText(views).length, layout.ERROR_TEXT_CHARS)
})

test.run()
