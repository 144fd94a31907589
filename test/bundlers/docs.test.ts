// docs/browser.md stays true to what the bundler tests run: every config file
// and build command of test/bundlers/recipes.ts appears in it verbatim, and
// every docs/browser.md#anchor that an error message sends users to exists,
// at an absolute URL in the package's repository.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { RECIPES } from './recipes.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const docs = readFileSync(join(root, 'docs', 'browser.md'), 'utf8')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')

test('every bundler\'s config files, page script tag and build command appear in docs/browser.md as the tests run them', () => {
  for (const recipe of RECIPES) {
    for (const [path, text] of Object.entries(recipe.files)) {
      if (path.endsWith('.html')) {
        const tag = /<script[^>]*src="[^"]+"><\/script>/.exec(text)![0]
        assert.ok(docs.includes(tag), `${recipe.bundler}: docs/browser.md lacks ${tag}`)
      } else {
        assert.ok(docs.includes(text), `${recipe.bundler}: docs/browser.md lacks ${path} as the test writes it:\n${text}`)
      }
    }
    for (const command of recipe.build.split(' && ')) {
      assert.ok(docs.includes(command), `${recipe.bundler}: docs/browser.md lacks the command ${command}`)
    }
  }
})

const sources = (readdirSync(join(root, 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(root, 'src', file), 'utf8') }))

test('every docs/browser.md#anchor named in sabre\'s messages is a heading there', () => {
  const headings = new Set([...docs.matchAll(/^#{1,4} (.+)$/gm)].map((match) => slug(match[1]!)))
  const anchors = new Set(sources.flatMap(({ text }) => [...text.matchAll(/docsUrl\('browser\.md#([\w-]+)'\)/g)].map((match) => match[1]!)))
  assert.equal([...anchors].sort(), ['browsers', 'cross-origin-isolation', 'missing-files'])
  for (const anchor of anchors) assert.ok(headings.has(anchor), `docs/browser.md has no heading for #${anchor}`)
})

test('messages link docs by absolute URL, in package.json\'s repository: the package ships no docs/', () => {
  const relative = sources.flatMap(({ file, text }) => [...text.matchAll(/['`"][^'`"\n]*\bdocs\/[^'`"\n]*['`"]/g)]
    .filter((match) => !match[0].includes('https://')).map((match) => `${file}: ${match[0]}`))
  assert.equal(relative, [])
  const { repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } }
  const base = /`(https:\/\/[^`$]+)\/blob\/main\/docs\/\$\{page\}`/.exec(readFileSync(join(root, 'src', 'errors.ts'), 'utf8'))?.[1]
  assert.is(`git+${base}.git`, repository.url)
})

test.run()
