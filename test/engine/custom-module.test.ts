// Users' own kernel modules: Engine.start({ module: { wasm, kernels } }).

import { spawnSync } from 'node:child_process'
import asc from 'assemblyscript/asc'
import * as assert from 'uvu/assert'
import { Engine, Pool } from '../../src/index.js'
import { suite } from '../support/suite.js'

const FLAGS = ['--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536', '--enable', 'threads', '--runtime', 'stub', '-O3']

/** Compiles AssemblyScript source text to wasm bytes. */
async function compile(source: string, flags = FLAGS): Promise<Uint8Array> {
  let wasm: Uint8Array | undefined
  const { error, stderr } = await asc.main(['module.ts', ...flags, '--outFile', 'module.wasm'], {
    readFile: (name: string) => (name === 'module.ts' ? source : null),
    writeFile: (name: string, contents: string | Uint8Array) => { if (name.endsWith('.wasm')) wasm = contents as Uint8Array },
  })
  if (error) throw new Error(String(stderr))
  return wasm!
}

const SOURCE = `
export function heapBase(): usize { return __heap_base; }
export function fill(xs: usize, value: f64, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) store<f64>(xs + (<usize>i << 3), value);
}
export function maxOf(xs: usize, begin: i32, end: i32): f64 {
  let m = -Infinity;
  for (let i = begin; i < end; i++) m = max(m, load<f64>(xs + (<usize>i << 3)));
  return m;
}
export function cube(x: f64): f64 { return x * x * x; }
`

const test = suite('custom modules')
let wasm: Uint8Array

test.before(async () => { wasm = await compile(SOURCE) })

test('a user module runs its range, reduce and item kernels', async () => {
  const engine = await Engine.start({
    threads: 2,
    module: {
      wasm,
      kernels: {
        fill: { params: ['f64*', 'f64'] },
        maxOf: { params: ['f64*'], reduce: 'max' },
        cube: { kind: 'item', params: ['f64'] },
      },
    },
  })
  try {
    const xs = engine.alloc(Float64Array, 10_000)
    await engine.parallelFor('fill', 5_000, [xs, 7])
    assert.is(xs[4_999], 7)
    assert.is(xs[5_000], 0)
    assert.is(await engine.reduce('maxOf', xs.length, [xs]), 7)
    assert.equal(await new Pool(engine).map('cube', [1, 2, 3]), [1, 8, 27])
    // @ts-expect-error: sumF64 is not a kernel of this module, and the types say so too
    const error = await engine.parallelFor('sumF64', 10, []).catch((e: unknown) => e)
    assert.match((error as Error).message, /kernel must be one of fill, maxOf, cube, got "sumF64"/)
  } finally {
    await engine.close()
  }
})

test('a description that does not match the module is refused with the reason', async () => {
  const start = (kernels: object, module: unknown = wasm): Promise<string> => Engine.start({ threads: 1, module: { wasm: module, kernels } as never }).then(
    async (engine) => { await engine.close(); return 'started, but should not have' },
    (error: Error) => error.message,
  )
  assert.match(await start({ fill: { params: ['f64*'] } }), /kernel fill takes 4 wasm parameters, but its description says 3/)
  assert.match(await start({ missing: { params: [] } }), /the kernel module has no exported function missing/)
  assert.match(await start({ fill: { params: ['f32', 'f64'] } }), /module.kernels.fill.params\[0\] must be one of f64, i32, u32, f64\*, f32\*, u32\*, i32\*, u8\*/)
  assert.match(await start({ cube: { kind: 'item', params: ['f64*'] } }), /an item kernel takes numbers only/)
  assert.match(await start({}), /must describe at least one kernel/)
  assert.match(await start({ cube: { kind: 'item', params: ['f64'] } }, 'kernels.wasm'), /module.wasm must be a WebAssembly.Module, its bytes, or a URL/)
  const noHeapBase = await compile('export function cube(x: f64): f64 { return x * x * x; }')
  assert.match(await start({ cube: { kind: 'item', params: ['f64'] } }, noHeapBase), /must export heapBase\(\)/)
  const ownMemory = await compile(SOURCE, ['--runtime', 'stub'])
  assert.match(await start({ cube: { kind: 'item', params: ['f64'] } }, ownMemory), /must import its memory as env.memory/)
})

test('examples/custom-kernel compiles and runs end to end', () => {
  const script = new URL('../../../examples/custom-kernel/run.mjs', import.meta.url).pathname
  const child = spawnSync(process.execPath, [script], { timeout: 60_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  assert.is(child.status, 0, child.stderr)
  assert.equal(child.stdout.trim().split('\n'), ['sum of squares 9000000', 'hypot [ 5, 13 ]'])
})

test.run()
