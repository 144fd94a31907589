// require('sabre') from CommonJS. sabre is an ES module: Node 20.19+, 22.12+
// and 24 load it here as they would with import. Older Nodes cannot, and their
// own ERR_REQUIRE_ESM names neither the cause nor the fix; this error does.
'use strict'

try {
  module.exports = require('./dist/src/index.js')
} catch (error) {
  if (error && error.code === 'ERR_REQUIRE_ESM') {
    throw new Error(`sabre is an ES module, and Node ${process.version} cannot require() ES modules: ` +
      "use import { Engine } from 'sabre' (or await import('sabre')), or run Node 20.19 or later, 22.12 or later, or 24", { cause: error })
  }
  throw error
}
