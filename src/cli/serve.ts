// `npm run serve`: the demo (dist/web) on localhost with the cross-origin
// isolation headers. PORT sets the port (default 8080); --no-isolation drops
// the headers, to see what a page without them gets.

import { fileURLToPath } from 'node:url'
import { createStaticServer } from '../serve/static-server.js'

const port = Number(process.env.PORT ?? 8080)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be an integer in [0, 65535], got ${process.env.PORT}`)
  process.exit(2)
}
const isolated = !process.argv.includes('--no-isolation')
const root = fileURLToPath(new URL('../../web/', import.meta.url))
const server = createStaticServer({ root, isolated })
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  console.log(`sabre demo: open http://localhost:${actual}/ (serving ${root}${isolated ? '' : ', without isolation headers'})`)
})
