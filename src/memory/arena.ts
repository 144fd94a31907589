// The arena: a first-fit allocator of byte ranges in the shared memory, kept on
// the main side (workers never allocate). Every block is 64-byte aligned and
// sized, so two allocations never share a cache line (no false sharing) and
// v128 loads are aligned.
//
//   base                               top               clean            capacity
//    │ block │ free │ block │ block │ free │    never used    │  (grown on demand)
//    └───────┴──────┴───────┴───────┴──────┴──────────────────┘
//
// `free` ranges are kept sorted and coalesced; a freed block that touches `top`
// lowers it. Bytes at or above `clean` have never been handed out, so they are
// still zero from memory.grow and need no clearing.

/** Block alignment and granularity in bytes. */
export const ALIGN = 64

const roundUp = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN

export interface Block {
  /** Byte address of the block. */
  readonly address: number
  /** Size in bytes (a multiple of ALIGN). */
  readonly bytes: number
  /** Bytes at the start of the block that earlier owners may have written. */
  readonly dirtyBytes: number
}

export interface ArenaOptions {
  /** First usable byte address. */
  readonly base: number
  /** Highest byte address the arena may ever reach. */
  readonly limit: number
  /** Makes [0, end) addressable (grows memory); called only when end exceeds the current capacity. */
  readonly reserve: (end: number) => void
}

export class Arena {
  private top: number
  private clean: number
  private readonly free: { address: number; bytes: number }[] = []
  private readonly live = new Map<number, number>()
  private liveBytes = 0

  constructor(private readonly options: ArenaOptions) {
    this.top = this.clean = roundUp(options.base)
  }

  /** Bytes currently allocated. */
  get usedBytes(): number {
    return this.liveBytes
  }

  /** Bytes the arena could still hand out if nothing were fragmented. */
  get availableBytes(): number {
    return this.options.limit - this.top + this.free.reduce((sum, range) => sum + range.bytes, 0)
  }

  /** Allocates at least `bytes` bytes. Throws RangeError when the limit would be passed. */
  allocate(bytes: number): Block {
    const size = Math.max(ALIGN, roundUp(bytes))
    const fit = this.free.findIndex((range) => range.bytes >= size)
    let address: number
    if (fit !== -1) {
      const range = this.free[fit]!
      address = range.address
      if (range.bytes === size) this.free.splice(fit, 1)
      else this.free[fit] = { address: address + size, bytes: range.bytes - size }
    } else {
      address = this.top
      const end = address + size
      if (end > this.options.limit) {
        throw new RangeError(`cannot allocate ${bytes} bytes: the engine's memory maximum is ` +
          `${this.options.limit} bytes and ${this.liveBytes} bytes are in use ` +
          `(${this.availableBytes} bytes free); raise memory.maximumBytes in Engine.start`)
      }
      this.options.reserve(end)
      this.top = end
    }
    this.live.set(address, size)
    this.liveBytes += size
    const dirtyBytes = Math.max(0, Math.min(size, this.clean - address))
    this.clean = Math.max(this.clean, address + size)
    return { address, bytes: size, dirtyBytes }
  }

  /** Returns the block at `address` (as given by allocate) to the arena; its size in bytes. */
  release(address: number): number {
    const size = this.live.get(address)
    if (size === undefined) throw new RangeError(`no live block starts at byte ${address}`)
    this.live.delete(address)
    this.liveBytes -= size
    this.insertFree(address, size)
    return size
  }

  /** The live block containing bytes [address, address + bytes), if any. */
  blockContaining(address: number, bytes: number): { address: number; bytes: number } | undefined {
    const exact = this.live.get(address)
    if (exact !== undefined) return bytes <= exact ? { address, bytes: exact } : undefined
    for (const [start, size] of this.live) {
      if (address >= start && address + bytes <= start + size) return { address: start, bytes: size }
    }
    return undefined
  }

  private insertFree(address: number, bytes: number): void {
    const free = this.free
    let i = free.findIndex((range) => range.address > address)
    if (i === -1) i = free.length
    free.splice(i, 0, { address, bytes })
    // Coalesce with the right neighbour, then the left.
    const next = free[i + 1]
    if (next && address + bytes === next.address) {
      free[i] = { address, bytes: bytes + next.bytes }
      free.splice(i + 1, 1)
    }
    const prev = free[i - 1]
    if (prev && prev.address + prev.bytes === address) {
      free[i - 1] = { address: prev.address, bytes: prev.bytes + free[i]!.bytes }
      free.splice(i, 1)
      i--
    }
    // A free range that ends at top gives its bytes back to the bump region.
    const last = free[free.length - 1]
    if (last && last.address + last.bytes === this.top) {
      this.top = last.address
      free.pop()
    }
  }
}
