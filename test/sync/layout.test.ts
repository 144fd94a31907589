import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { SOLO } from '../../src/kernels/instance.js'
import { builtinModule } from '../../src/kernels/module.js'
import * as layout from '../../src/sync/layout.js'

const test = suite('sync layout')

test('the wasm module and the TypeScript side use the same words', async () => {
  const module = await builtinModule()
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true })
  const { exports } = await WebAssembly.instantiate(module, { env: { memory, abort: () => {} }, sabre: { ...SOLO } })
  const names = Object.keys(layout) as (keyof typeof layout)[]
  assert.ok(names.length >= 11)
  for (const name of names) {
    const global = exports[name] as WebAssembly.Global | undefined
    assert.ok(global, `the module exports ${name}`)
    assert.is(global!.value, layout[name], name)
  }
})

test.run()
