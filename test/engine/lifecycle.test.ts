// An engine's end, two ways: close() lets the calls already made finish,
// terminate() stops the workers now. Both leave an engine every later call of
// which is a StateError, and a process that can exit by itself.

import { spawnSync } from 'node:child_process'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AbortError, Engine, Executor, StateError } from '../../src/index.js'
import { rejection, rejects, throws } from '../support/assertions.js'
import { internal } from '../support/internal-kernels.js'

/** `promise`, or a failure after `ms`: a call that should settle but never does fails the test instead of hanging it. */
const settlesWithin = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms).unref())])

const test = suite('Engine lifecycle')

test('close(): no new calls; the running and queued ones finish, then the workers end', async () => {
  const engine = await Engine.start({ threads: 2 })
  const xs = engine.alloc(Float64Array, 1000).fill(1)
  const running = engine.reduce('countPrimes', 2_000_000)
  const queued = engine.reduce('sumF64', xs.length, [xs])
  const mapped = engine.map('square', [1, 2, 3])
  assert.ok(engine.isAlive(1), 'worker token 1 is alive before close')
  const closing = engine.close()
  throws(() => engine.alloc(Float64Array, 4), StateError, /^engine.alloc\(\) called after engine.close\(\): start a new engine$/)
  throws(() => engine.free(xs), StateError, /engine.free\(\) called after engine.close\(\)/)
  throws(() => engine.reduceSync('sumF64', 4, [xs]), StateError, /engine.reduceSync\(\) called after engine.close\(\)/)
  await rejects(engine.reduce('sumF64', 4, [xs]), StateError, /engine.reduce\(\) called after engine.close\(\)/)
  assert.is(await running, 148_933, 'a call running at close() finishes')
  assert.is(await queued, 1000, 'a call queued at close() runs')
  assert.equal(Array.from(await mapped), [1, 4, 9])
  await closing
  assert.not.ok(engine.isAlive(1), 'the workers have ended once close() resolves')
  await engine.close() // twice is fine
})

test('terminate(): running and queued calls reject at once with AbortError naming terminate, a hung kernel too', async () => {
  const engine = await Engine.start({ threads: 2 })
  const flag = engine.alloc(Int32Array, 1)
  // No timeoutMs: nothing but terminate can end this call. (Their errors are taken now: they reject while terminate() is awaited.)
  const hung = rejection(internal(engine).parallelFor('hang', 2, [flag, 0]))
  const queued = rejection(engine.reduce('countPrimes', 1000))
  const executor = new Executor(engine)
  const future = executor.submit('square', 3)
  await new Promise((resolve) => setTimeout(resolve, 20)) // the executor hands its call to the engine
  const closing = engine.close() // waits for the hung call: pending until terminate
  await settlesWithin(engine.terminate(), 10_000, 'terminate()')
  const stopped = await hung
  assert.instance(stopped, AbortError)
  assert.is(stopped.message, 'hang was stopped by engine.terminate(); its workers were ended')
  const skipped = await queued
  assert.instance(skipped, AbortError)
  assert.is(skipped.message, 'countPrimes did not start: engine.terminate() was called first')
  assert.instance(await future.exception(), AbortError, 'an executor call pending on the engine')
  await settlesWithin(closing, 10_000, 'a close() pending before terminate()')
  assert.not.ok(engine.isAlive(1) || engine.isAlive(2))
  await engine.terminate() // twice is fine, and close after it
  await engine.close()
})

test('after terminate(), alloc, free, every call and the sync calls throw StateError naming terminate', async () => {
  const engine = await Engine.start({ threads: 1 })
  const xs = engine.alloc(Float64Array, 4)
  await engine.terminate()
  throws(() => engine.alloc(Float64Array, 4), StateError, /^engine.alloc\(\) called after engine.terminate\(\): start a new engine$/)
  throws(() => engine.free(xs), StateError, /^engine.free\(\) called after engine.terminate\(\)/)
  throws(() => engine.parallelForSync('noop', 4), StateError, /^engine.parallelForSync\(\) called after engine.terminate\(\)/)
  throws(() => engine.reduceSync('sumF64', 4, [xs]), StateError, /^engine.reduceSync\(\) called after engine.terminate\(\)/)
  await rejects(engine.parallelFor('noop', 4), StateError, /^engine.parallelFor\(\) called after engine.terminate\(\)/)
  await rejects(engine.reduce('sumF64', 4, [xs]), StateError, /^engine.reduce\(\) called after engine.terminate\(\)/)
  await rejects(engine.map('square', [1]), StateError, /^engine.map\(\) called after engine.terminate\(\)/)
  await rejects(engine.runAll([]), StateError, /^engine.runAll\(\) called after engine.terminate\(\)/)
  await rejects(internal(engine).parallel('noop' as never), StateError, /^engine.parallel\(\) called after engine.terminate\(\)/)
  throws(() => internal(engine).parallelSync('noop' as never), StateError, /^engine.parallelSync\(\) called after engine.terminate\(\)/)
})

/** Runs `body` in a child Node process that imports sabre; its exit status and output. Bounded: a child kept alive by a worker is killed and fails the test, never hangs it. */
function runChild(body: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const script = `import { Engine } from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)}\n${body}`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000, encoding: 'utf8' })
  assert.is(child.error, undefined, `the child did not exit within 30 s (${String(child.error)})`)
  return child
}

test('a process that closes its engine exits by itself with code 0', () => {
  const child = runChild(`
    const engine = await Engine.start({ threads: 2 })
    const xs = engine.alloc(Float64Array, 1000).fill(1)
    process.stdout.write(String(await engine.reduce('sumF64', 1000, [xs])))
    await engine.close()`)
  assert.is(child.status, 0, child.stderr)
  assert.is(child.stdout, '1000')
})

test('a process that terminated its engine, with a kernel hung in it, exits by itself with code 0', () => {
  const child = runChild(`
    const engine = await Engine.start({ threads: 2 })
    const flag = engine.alloc(Int32Array, 1)
    const hung = engine.parallelFor('hang', 2, [flag, 0]).catch((error) => error.name)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await engine.terminate()
    process.stdout.write(await hung)`)
  assert.is(child.status, 0, child.stderr)
  assert.is(child.stdout, 'AbortError')
})

test('SIGTERM belongs to the application: its own handler finishes its shutdown, and the exit code is its own', () => {
  const child = runChild(`
    const engine = await Engine.start({ threads: 2 })
    process.on('SIGTERM', () => setTimeout(async () => {
      await engine.close()
      process.stdout.write('shut down gracefully')
      process.exit(7)
    }, 100))
    process.kill(process.pid, 'SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 10_000))`)
  assert.is(child.stdout, 'shut down gracefully', child.stderr)
  assert.is(child.status, 7)
})

test('without a handler of its own, a process with an engine ends by SIGTERM as Node does, not with code 0', () => {
  const child = runChild(`
    await Engine.start({ threads: 2 })
    process.kill(process.pid, 'SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 10_000))`)
  assert.is(child.signal, 'SIGTERM', `status ${child.status}, ${child.stderr}`)
  assert.is(child.status, null)
})

test.run()
