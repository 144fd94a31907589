// Phased kernels (engine.parallel, parallelSync): the kernel runs once on every
// member, its phases see each other's writes across barrier(), and a trap, an
// abort or a timeout releases the members waiting at a barrier: the call
// rejects, never hangs, and the next call succeeds.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AbortError, Engine, KernelError, TimeoutError } from '../../src/index.js'
import { internal } from '../support/internal-kernels.js'

const test = suite('phased kernels')

const THREADS = [1, 2, 3] as const
const ROUNDS = 50

/** One engine per team size, shared by the tests (a replaced team serves the next test as well). */
const engines = new Map<number, Promise<Engine>>()
test.after(async () => { for (const engine of engines.values()) await (await engine).close() })

/** Runs `body` with the shared engine of `threads` workers. */
async function withEngine(threads: number, body: (engine: ReturnType<typeof internal>) => Promise<void>): Promise<void> {
  if (!engines.has(threads)) engines.set(threads, Engine.start({ threads }))
  const engine = internal(await engines.get(threads)!)
  await engine.idle()
  await body(engine)
}

test('every member runs once, and each phase sees all the writes of the phase before, async and sync, on 1, 2 and 3 threads', async () => {
  for (const threads of THREADS) {
    await withEngine(threads, async (engine) => {
      const slots = engine.alloc(Int32Array, threads)
      const mismatches = engine.alloc(Int32Array, threads).fill(-1)
      await engine.parallel('phaseRounds', [slots, mismatches, ROUNDS])
      assert.equal([...mismatches], new Array(threads).fill(0), `${threads} threads, async`)
      assert.equal([...slots], Array.from({ length: threads }, (_, i) => ROUNDS * (i + 1)))
      mismatches.fill(-1)
      slots.fill(0)
      engine.parallelSync('phaseRounds', [slots, mismatches, ROUNDS])
      assert.equal([...mismatches], new Array(threads).fill(0), `${threads} threads, sync`)
      assert.equal([...slots], Array.from({ length: threads }, (_, i) => ROUNDS * (i + 1)))
    })
  }
})

test('a member that traps before a barrier rejects with KernelError naming the kernel, the member and the trap; the others are released; the next call succeeds', async () => {
  for (const threads of THREADS) {
    await withEngine(threads, async (engine) => {
      const after = engine.alloc(Int32Array, 1)
      const slots = engine.alloc(Int32Array, threads)
      const mismatches = engine.alloc(Int32Array, threads)
      for (let at = 0; at < threads; at++) {
        const error = await engine.parallel('phasedTrap', [at, 0, after]).catch((e: unknown) => e)
        assert.instance(error, KernelError)
        assert.is((error as Error).message, `kernel phasedTrap trapped as member ${at} of ${threads} in worker ${at}: RuntimeError: unreachable`)
        assert.is((error as KernelError).worker, at)
        // Synchronous: the caller is the last member.
        const caller = at === threads - 1
        const thrown = (() => { try { engine.parallelSync('phasedTrap', [at, 1, after]) } catch (e) { return e } })()
        assert.instance(thrown, KernelError)
        assert.match((thrown as Error).message, new RegExp(`^kernel phasedTrap trapped as member ${at} of ${threads} in ${caller ? 'the calling thread' : `worker ${at}`}: abort: phasedTrap asked to abort`))
        assert.is(after[0], 0, 'no member went past the barrier')
        await engine.parallel('phaseRounds', [slots, mismatches, 3])
        engine.parallelSync('phaseRounds', [slots, mismatches, 3])
        assert.equal([...mismatches], new Array(threads).fill(0))
      }
    })
  }
})

test('an abort releases the members waiting at a barrier: AbortError, and the next call succeeds', async () => {
  await withEngine(3, async (engine) => {
    const flag = engine.alloc(Int32Array, 1)
    const controller = new AbortController()
    // Member 0 never reaches the barrier: members 1 and 2 can only leave it when the call is cancelled.
    const call = engine.parallel('phasedHang', [flag, 0], { signal: controller.signal }).catch((e: unknown) => e)
    setTimeout(() => controller.abort(new Error('stop')), 20)
    setTimeout(() => Atomics.store(flag, 0, 1), 40)
    const replaced = engine.replacedWorkers
    const error = await call
    assert.instance(error, AbortError)
    assert.is(((error as AbortError).cause as Error).message, 'stop')
    assert.is(engine.replacedWorkers, replaced, 'released, not replaced')
    const mismatches = engine.alloc(Int32Array, 3).fill(-1)
    await engine.parallel('phaseRounds', [engine.alloc(Int32Array, 3), mismatches, 3])
    assert.equal([...mismatches], [0, 0, 0])
  })
})

test('timeoutMs ends a call whose members wait at a barrier for ever: TimeoutError, async and sync; the engine goes on', async () => {
  await withEngine(2, async (engine) => {
    const flag = engine.alloc(Int32Array, 1)
    const mismatches = engine.alloc(Int32Array, 2).fill(-1)
    const slots = engine.alloc(Int32Array, 2)
    // Async: member 0 hangs and member 1 waits; only replacing the workers ends it.
    const error = await engine.parallel('phasedHang', [flag, 0], { timeoutMs: 100 }).catch((e: unknown) => e)
    assert.instance(error, TimeoutError)
    await engine.parallel('phaseRounds', [slots, mismatches, 3])
    assert.equal([...mismatches], [0, 0])
    // Sync: the caller (member 1) waits at the barrier for worker 0, which hangs; at the deadline it leaves.
    const thrown = (() => { try { engine.parallelSync('phasedHang', [flag, 0], { timeoutMs: 100 }) } catch (e) { return e } })()
    assert.instance(thrown, TimeoutError)
    assert.match((thrown as Error).message, /^kernel phasedHang did not finish within 100 ms/)
    await engine.idle()
    mismatches.fill(-1)
    engine.parallelSync('phaseRounds', [slots, mismatches, 3])
    assert.equal([...mismatches], [0, 0])
  })
})

test('bad calls are refused before any member runs: unknown options, the wrong kind of kernel, bad arguments', async () => {
  const engine = internal(await Engine.start({ threads: 2 }))
  {
    const slots = engine.alloc(Int32Array, 2)
    const unknown = await engine.parallel('phaseRounds', [slots, slots, 1], { chunk: 4 } as never).catch((e: unknown) => e)
    assert.instance(unknown, TypeError)
    assert.is((unknown as Error).message, 'engine.parallel has no option "chunk": its options are { signal?, timeoutMs? }')
    assert.throws(() => engine.parallelSync('phaseRounds', [slots, slots, 1], { schedule: 'static' } as never), /engine.parallelSync has no option "schedule"/)
    const range = await engine.parallel('noop' as never).catch((e: unknown) => e)
    assert.match((range as Error).message, /^kernel noop is a range kernel: call engine.parallelFor$/)
    const phased = await engine.parallelFor('phaseRounds' as never, 2, [slots, slots, 1] as never).catch((e: unknown) => e)
    assert.match((phased as Error).message, /^kernel phaseRounds is a phased kernel: call engine.parallel$/)
    const [outcome] = await engine.runAll([{ kernel: 'phaseRounds', args: [slots, slots, 1] }])
    assert.match(((outcome as { reason: Error }).reason).message, /is a phased kernel: call engine.parallel/)
    const short = await engine.parallel('phaseRounds', [engine.alloc(Int32Array, 1), slots, 1]).catch((e: unknown) => e)
    assert.instance(short, RangeError)
    assert.match((short as Error).message, /phaseRounds argument slots must hold at least 2 elements/)
    const aborted = await engine.parallel('phaseRounds', [slots, slots, 1], { signal: AbortSignal.abort() }).catch((e: unknown) => e)
    assert.instance(aborted, AbortError)
    await engine.close()
    const closed = await engine.parallel('phaseRounds', [slots, slots, 1]).catch((e: unknown) => e)
    assert.match((closed as Error).message, /engine.parallel\(\) called after engine.close\(\)/)
  }
})

test.run()
