// What a user does to put sabre in a page with each bundler: the config
// files, the build command, and the folder to serve. docs/browser.md quotes
// these verbatim (test/bundlers/docs.test.ts checks that it does), and the
// bundler tests run exactly these.

import { pageHtml } from '../browser/app-page.js'

export interface Recipe {
  readonly bundler: 'esbuild' | 'webpack' | 'rollup' | 'vite'
  /** Files of the project besides src/main.js (the page's script), path → text. */
  readonly files: Readonly<Record<string, string>>
  /** Run with sh in the project folder, with the bundler on PATH. */
  readonly build: string
  /** The folder the build leaves for the web server, holding index.html. */
  readonly out: string
  /** Packages the config imports, which the user installs as devDependencies next to the bundler. */
  readonly devDependencies: readonly string[]
}

const modulePage = pageHtml('<script type="module" src="./main.js"></script>')

export const WEBPACK_CONFIG = `import { fileURLToPath } from 'node:url'

export default {
  mode: 'production',
  entry: './src/main.js',
  output: { path: fileURLToPath(new URL('public/', import.meta.url)) },
}
`

export const ROLLUP_CONFIG = `import { readFileSync } from 'node:fs'
import { nodeResolve } from '@rollup/plugin-node-resolve'

// Rollup leaves new URL('./sabre.wasm', import.meta.url) as it is, so sabre's
// kernel module and worker scripts are copied next to the bundle.
const sabreFiles = {
  name: 'sabre-files',
  generateBundle() {
    const folder = new URL('.', import.meta.resolve('sabre/browser'))
    for (const fileName of ['sabre.wasm', 'sabre-worker.js', 'sabre-race-worker.js', 'sabre-js-pool-worker.js']) {
      this.emitFile({ type: 'asset', fileName, source: readFileSync(new URL(fileName, folder)) })
    }
  },
}

export default {
  input: 'src/main.js',
  output: { dir: 'public', format: 'es' },
  plugins: [nodeResolve({ browser: true }), sabreFiles],
}
`

export const VITE_CONFIG = `// The dev server (and vite preview) send the headers that make the page cross-origin isolated.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export default {
  server: { headers: isolation },
  preview: { headers: isolation },
}
`

export const ESBUILD_BUILD = 'esbuild src/main.js --bundle --format=esm --platform=browser --outdir=public && ' +
  'cp node_modules/sabre/dist/browser/sabre.wasm node_modules/sabre/dist/browser/sabre-*.js public/'

export const RECIPES: readonly Recipe[] = [
  { bundler: 'esbuild', files: { 'public/index.html': modulePage }, build: ESBUILD_BUILD, out: 'public', devDependencies: [] },
  {
    bundler: 'webpack',
    files: { 'public/index.html': pageHtml('<script defer src="./main.js"></script>'), 'webpack.config.mjs': WEBPACK_CONFIG },
    build: 'webpack', out: 'public', devDependencies: [],
  },
  {
    bundler: 'rollup',
    files: { 'public/index.html': modulePage, 'rollup.config.mjs': ROLLUP_CONFIG },
    build: 'rollup -c', out: 'public', devDependencies: ['@rollup/plugin-node-resolve'],
  },
  {
    bundler: 'vite',
    files: { 'index.html': pageHtml('<script type="module" src="/src/main.js"></script>'), 'vite.config.js': VITE_CONFIG },
    build: 'vite build', out: 'dist', devDependencies: [],
  },
]
