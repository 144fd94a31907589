// A small static file server for the demo and for embedding sabre: sends the
// headers that make a page cross-origin isolated (so SharedArrayBuffer
// exists), serves .wasm as application/wasm, answers 404 for missing files
// and refuses any path that leaves its root.

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
}

export interface StaticServerOptions {
  /** Directory to serve (absolute). */
  readonly root: string
  /** Send the cross-origin isolation headers (default true; false shows what a page without them gets). */
  readonly isolated?: boolean
}

/** The file under `root` that URL path `pathname` names, or undefined if it would leave `root`. */
export function resolvePath(root: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined // malformed %-escapes
  }
  // Backslashes and NUL bytes have no business in a URL path; ".." segments may not climb.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return undefined
  const file = normalize(join(root, decoded))
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined
}

/** A server (not yet listening) for `options.root`. */
export function createStaticServer(options: StaticServerOptions): Server {
  const root = normalize(options.root)
  const isolated = options.isolated ?? true
  return createServer(async (request, response) => {
    const headers: Record<string, string> = isolated ? { ...ISOLATION_HEADERS } : {}
    const send = (status: number, text: string) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      response.end(text)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n')
    const pathname = (request.url ?? '/').split('?')[0]!.split('#')[0]!
    let file = resolvePath(root, pathname)
    if (!file) return send(403, 'forbidden: the path leaves the served directory\n')
    try {
      let info = await stat(file)
      if (info.isDirectory()) {
        file = join(file, 'index.html')
        info = await stat(file)
      }
      response.writeHead(200, {
        ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': String(info.size), 'Cache-Control': 'no-cache',
      })
      if (request.method === 'HEAD') return response.end()
      createReadStream(file).pipe(response)
    } catch {
      send(404, `not found: ${pathname}\n`)
    }
  })
}
