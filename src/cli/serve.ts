// `npm run serve`: the demo page (dist/web) on localhost with the cross-origin
// isolation headers: `sabre serve` on the demo's folder. PORT or --port sets
// the port (default 8080); --no-isolation drops the headers, to see what a
// page without them gets.

import { fileURLToPath } from 'node:url'
import { serveCommand } from './serve-command.js'

const root = fileURLToPath(new URL('../../web/', import.meta.url))
process.exitCode = await serveCommand(process.argv.slice(2), { root, name: 'sabre demo' })
