// Where the image lab's pictures come from: a generated test card, the
// explorer's canvas, or a file the user picks or drops, decoded in the page
// (the bytes never leave it).

import type { LabImage } from './image-lab.js'

/** A photo larger than this on either side is scaled down to fit: a frame of it stays interactive. */
export const MAX_SIDE = 4096

/**
 * A width × height test card: smooth colour gradients (what a blur keeps),
 * rings and a fine checkerboard (what a blur smears and Sobel outlines),
 * opaque. The same pixels every time.
 */
export function generatedImage(width = 1024, height = 768): LabImage {
  const data = new Uint8ClampedArray(width * height * 4)
  const [cx, cy] = [width * 0.62, height * 0.45]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const ring = Math.floor(Math.hypot(x - cx, y - cy) / 24) % 2
      const checker = x < width / 3 && y > height / 2 ? ((x >> 2) + (y >> 2)) & 1 : 0
      data[i] = (255 * x) / width
      data[i + 1] = ring ? 200 : (255 * y) / height
      data[i + 2] = checker ? 255 : 128 + 100 * Math.sin(x / 37)
      data[i + 3] = 255
    }
  }
  return { width, height, data, name: 'a generated test card' }
}

/** A copy of what `canvas` shows now. */
export function canvasImage(canvas: HTMLCanvasElement, name: string): LabImage {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
  return { width: canvas.width, height: canvas.height, data, name }
}

/**
 * Decodes an image file in the page: its pixels as stored (no colour-space
 * conversion, alpha not premultiplied), scaled down to MAX_SIDE if larger.
 */
export async function fileImage(file: Blob & { readonly name?: string }): Promise<LabImage> {
  if (!file.type.startsWith('image/')) throw new TypeError(`the image file must be an image (PNG, JPEG, …), got ${JSON.stringify(file.type || 'a file of unknown type')}`)
  const options: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' }
  let bitmap = await createImageBitmap(file, options)
  const scale = Math.min(1, MAX_SIDE / bitmap.width, MAX_SIDE / bitmap.height)
  if (scale < 1) {
    const resized = await createImageBitmap(bitmap, { ...options, resizeWidth: Math.round(bitmap.width * scale), resizeHeight: Math.round(bitmap.height * scale), resizeQuality: 'high' })
    bitmap.close()
    bitmap = resized
  }
  const { width, height } = bitmap
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d', { willReadFrequently: true })!
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  return { width, height, data: context.getImageData(0, 0, width, height).data, name: file.name ?? 'dropped image' }
}
