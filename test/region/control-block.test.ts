import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as layout from '../../src/region/control-block.js'
import { Cancel, ControlBlock } from '../../src/region/control-block.js'
import {
  DESCRIPTOR_WORDS, Mode, checkDescriptor, isMember, readDescriptor, resetAfterTeam, writeDescriptor, type Descriptor,
} from '../../src/region/descriptor.js'
import { Schedule } from '../../src/region/schedule.js'
import * as row from '../../src/region/task-row.js'

const test = suite('control block layout')

const lineOf = (byteIndex: number) => Math.floor(byteIndex / 64)
const block = () => new ControlBlock(new SharedArrayBuffer(layout.CONTROL_BYTES), 0)

test('hot words each own a cache line', () => {
  const hot = [layout.GENERATION, layout.NEXT, layout.DONE, layout.COMPLETE, layout.CANCEL, layout.ACTIVE, layout.LOG_TAIL]
  const lines = hot.map((word) => lineOf(word * 4))
  assert.is(new Set(lines).size, hot.length)
  assert.is(lineOf(layout.DESCRIPTOR * 4), 1, 'the descriptor has its own line')
  assert.is(lineOf((layout.DESCRIPTOR + DESCRIPTOR_WORDS - 1) * 4), 1, 'and fits in it')
  for (let w = 0; w < 4; w++) assert.is(lineOf(layout.cursor(w) * 4), lineOf(layout.cursor(0) * 4) + w)
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

test('a task row holds as many arguments as a region, then its result, status, worker and error text', () => {
  assert.is(row.TASK_RESULT - row.TASK_ARGS, layout.MAX_ARGS)
  assert.ok(row.TASK_WORKER * 8 < row.TASK_TEXT)
  assert.is(row.TASK_ROW_BYTES % 8, 0, 'rows stay 8-byte aligned')
})

const base = { kernel: 3, args: [1.5, 4096, -2], schedule: Schedule.Guided, units: 100, unitSize: 1, length: 100, chunk: 7 }
const descriptors: Descriptor[] = [
  { ...base, mode: Mode.For },
  { ...base, mode: Mode.ReduceReturn, partials: 8192, stride: 8 },
  { ...base, mode: Mode.ReduceSlot, partials: 8192, stride: 2048 },
  { ...base, mode: Mode.Map, items: 640, arity: 2, results: 1280, log: 1920, watch: true },
  { ...base, mode: Mode.Tasks, items: 640, log: 1920, watch: false },
]

test('every mode of descriptor reads back as written, with its team', () => {
  for (const descriptor of descriptors) {
    const control = block()
    writeDescriptor(control, descriptor, 3, descriptor.mode === Mode.For)
    assert.equal(readDescriptor(control), { ...descriptor, teamSize: 3, caller: descriptor.mode === Mode.For })
  }
})

test('a synchronous region leaves out the worker whose place the caller takes', () => {
  const control = block()
  writeDescriptor(control, descriptors[0]!, 3, true)
  assert.equal([0, 1, 2].map((w) => isMember(control, w)), [true, true, false])
  writeDescriptor(control, descriptors[0]!, 3, false)
  assert.equal([0, 1, 2].map((w) => isMember(control, w)), [true, true, true])
})

test('a descriptor with more arguments than a region holds is refused before anything is written', () => {
  assert.throws(() => checkDescriptor({ ...base, mode: Mode.For, args: new Array(layout.MAX_ARGS + 1).fill(0) }),
    (error: Error) => error instanceof RangeError && error.message === `a kernel takes at most ${layout.MAX_ARGS} arguments, got ${layout.MAX_ARGS + 1}`)
  checkDescriptor({ ...base, mode: Mode.For, args: new Array(layout.MAX_ARGS).fill(0) })
})

test('writing a descriptor clears the last region\'s counts, trap and cancellation', () => {
  const control = block()
  control.countDone(5)
  control.recordTrap({ member: 1, begin: 2, end: 3, text: 'RuntimeError: unreachable' }, false)
  writeDescriptor(control, descriptors[0]!, 2, false)
  assert.is(control.done, 0)
  assert.is(control.cancel, Cancel.None)
  assert.is(control.trap, undefined)
})

test('a block left mid-region by a dead team is idle again after the reset', () => {
  const control = block()
  control.beginWriting()
  control.join(1)
  control.countDone(5)
  resetAfterTeam(control, 2)
  assert.is(control.generation % 2, 0, 'GENERATION is even')
  assert.is(control.active, 0)
  assert.is(control.done, 0)
})

test('the first trap is kept; in a map, the lowest; its text round-trips and is cut to its capacity', () => {
  const control = block()
  control.recordTrap({ member: 1, begin: 50, end: 51, text: 'RuntimeError: unreachable ✓' }, false)
  control.recordTrap({ member: 0, begin: 10, end: 11, text: 'later' }, false)
  assert.equal(control.trap, { member: 1, begin: 50, end: 51, text: 'RuntimeError: unreachable ✓' })
  assert.is(control.cancel, Cancel.Trapped)
  control.recordTrap({ member: 0, begin: 10, end: 11, text: 'x'.repeat(10_000) }, true)
  assert.is(control.trap!.begin, 10)
  assert.is(control.trap!.text.length, layout.ERROR_TEXT_CHARS)
})

test.run()
