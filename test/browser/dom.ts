// What the suites read from and type into a page, written once as page
// functions so every driver runs the same code: an element's text, value,
// visibility; typing into an input as a user's edit would (input, then
// change); polling the page until something holds.

import type { TestPage } from './driver.js'

/** The first element matching `selector`, or an Error naming it (thrown in the page, rejected here). */
const read = <R>(page: TestPage, selector: string, what: string) =>
  page.evaluate(({ selector, what }) => {
    const element = document.querySelector(selector) as HTMLInputElement | null
    if (!element) throw new Error(`no element matches ${selector}`)
    switch (what) {
      case 'text': return element.innerText
      case 'html': return element.innerHTML
      case 'value': return element.value
      case 'checked': return element.checked
      case 'disabled': return element.disabled
      default: throw new Error(`unknown property ${what}`)
    }
  }, { selector, what }) as Promise<R>

export const text = (page: TestPage, selector: string) => read<string>(page, selector, 'text')
export const html = (page: TestPage, selector: string) => read<string>(page, selector, 'html')
export const value = (page: TestPage, selector: string) => read<string>(page, selector, 'value')
export const checked = (page: TestPage, selector: string) => read<boolean>(page, selector, 'checked')
export const disabled = (page: TestPage, selector: string) => read<boolean>(page, selector, 'disabled')
/** Rendered and not hidden: what a user can see (false when nothing matches). */
export const visible = (page: TestPage, selector: string) => page.evaluate((selector) => {
  const element = document.querySelector(selector)
  return !!element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'
}, selector)

/** An attribute of the first element matching `selector` (null: none). */
export const attribute = (page: TestPage, selector: string, name: string) =>
  page.evaluate(({ selector, name }) => document.querySelector(selector)?.getAttribute(name) ?? null, { selector, name })

/** How many elements match `selector`. */
export const count = (page: TestPage, selector: string) => page.evaluate((selector) => document.querySelectorAll(selector).length, selector)

/** The element's box in viewport pixels (where the mouse goes). */
export const box = (page: TestPage, selector: string) => page.evaluate((selector) => {
  const rect = document.querySelector(selector)!.getBoundingClientRect()
  return { x: rect.x, y: rect.y, width: rect.width, height: rect.height }
}, selector)

/**
 * Sets an input's or select's value as a user's edit does: the value, then
 * `input` and, with `commit` (an Enter, a blur), `change`.
 */
export const fill = (page: TestPage, selector: string, text: string, commit = false) =>
  page.evaluate(({ selector, text, commit }) => {
    const element = document.querySelector(selector) as HTMLInputElement | HTMLSelectElement
    element.value = text
    element.dispatchEvent(new Event('input', { bubbles: true }))
    if (commit) element.dispatchEvent(new Event('change', { bubbles: true }))
  }, { selector, text, commit })

/**
 * Gives a file input one file as a user's pick does: the file in its
 * `files`, then `input` and `change`.
 */
export const upload = (page: TestPage, selector: string, file: { name: string; mimeType: string; bytes: Uint8Array }) =>
  page.evaluate(({ selector, name, mimeType, base64 }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const transfer = new DataTransfer()
    transfer.items.add(new File([bytes], name, { type: mimeType }))
    const input = document.querySelector(selector) as HTMLInputElement
    input.files = transfer.files
    input.dispatchEvent(new Event('input', { bubbles: true }))
    input.dispatchEvent(new Event('change', { bubbles: true }))
  }, { selector, name: file.name, mimeType: file.mimeType, base64: Buffer.from(file.bytes).toString('base64') })

/** Chooses `option` of a select as a user does (input and change fire). */
export const select = (page: TestPage, selector: string, option: string) => fill(page, selector, option, true)

/**
 * Polls `fn(arg)` in the page every 100 ms until it returns something other
 * than undefined, across reloads (an evaluate that a navigation cuts short is
 * tried again); rejects after `timeoutMs` with the last error seen.
 */
export async function waitFor<R, A>(page: TestPage, fn: (arg: A) => R | undefined, arg: A, timeoutMs: number): Promise<R> {
  const deadline = performance.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const result = await page.evaluate(fn, arg)
      if (result !== undefined && result !== null) return result
    } catch (error) {
      last = error
    }
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the page${last ? `; last error: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
