// The explorer's view of the complex plane: a centre and the size of one
// pixel, so panning and zooming are exact moves of two numbers.

export interface View {
  /** The plane's point at the canvas centre. */
  readonly cx: number
  readonly cy: number
  /** Plane units per canvas pixel. */
  readonly pixel: number
}

/** The kernel's viewport [x0, y0, x1, y1] for a canvas of width × height pixels. */
export function viewport(view: View, width: number, height: number): [number, number, number, number] {
  const halfW = (width / 2) * view.pixel
  const halfH = (height / 2) * view.pixel
  return [view.cx - halfW, view.cy - halfH, view.cx + halfW, view.cy + halfH]
}

/** The view moved so the image follows a drag of (dx, dy) canvas pixels. */
export const pan = (view: View, dx: number, dy: number): View =>
  ({ cx: view.cx - dx * view.pixel, cy: view.cy - dy * view.pixel, pixel: view.pixel })

/** Smallest pixel before f64 steps between neighbouring pixels get coarse. */
export const MIN_PIXEL = 1e-14
/** Largest pixel: the whole set fits many times over. */
export const MAX_PIXEL = 0.05

/**
 * Zooms by `factor` (> 1 zooms in) keeping the plane point under canvas pixel
 * (px, py) where it is, as maps do.
 */
export function zoomAt(view: View, factor: number, px: number, py: number, width: number, height: number): View {
  const pixel = Math.min(MAX_PIXEL, Math.max(MIN_PIXEL, view.pixel / factor))
  const ox = px - width / 2
  const oy = py - height / 2
  return { cx: view.cx + ox * (view.pixel - pixel), cy: view.cy + oy * (view.pixel - pixel), pixel }
}

/** The whole set, for a canvas `width` pixels wide. */
export const home = (width: number): View => ({ cx: -0.6, cy: 0, pixel: 3.4 / width })
