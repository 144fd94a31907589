// The synchronous join (OpenMP's model): the calling thread publishes a region,
// runs its share as the team's last member, and blocks until the workers'
// last chunks are done. Node's main thread and workers only: a browser's main
// thread may not block (Team.runSync refuses before anything is published).

import type { ControlBlock } from '../region/control-block.js'
import { writeDescriptor, type Descriptor } from '../region/descriptor.js'
import { runRegion, type TeamMember } from '../region/member.js'
import { spinFor } from '../sync/spin.js'

/**
 * How long the caller polls for the workers' last chunks before Atomics.wait
 * (ms). The caller has done its share by then and holds no core a worker
 * needs more than it does; a futex wake-up costs tens of µs.
 */
const SYNC_SPIN_MS = 0.05

/**
 * Runs `region` on a team of `teamSize`, `caller` (member teamSize − 1)
 * included. True once it is complete; false if `until` (performance.now()
 * ms) passed first, with the workers still inside it. A chunk hung on the
 * caller itself cannot be interrupted.
 */
export function joinSync(caller: TeamMember, region: Descriptor, teamSize: number, until: number): boolean {
  const { block } = caller
  block.beginWriting()
  // Workers leave a region as soon as they find nothing to claim, a few µs
  // after its end: spin for that, sleep only for one descheduled in between.
  if (!spinFor(() => block.active === 0, SYNC_SPIN_MS)) {
    for (let active = block.active; active !== 0; active = block.active) block.waitActive(active, 1)
  }
  writeDescriptor(block, region, teamSize, true)
  const generation = block.publish()
  // A phased region's caller waits at its barriers no longer than the call may take.
  caller.phase.until = until
  runRegion(caller, generation, region)
  return awaitComplete(block, generation, until)
}

/** Spins briefly, then sleeps until COMPLETE reaches `generation`; false if `until` passed first. */
function awaitComplete(block: ControlBlock, generation: number, until: number): boolean {
  if (spinFor(() => block.completed === generation, SYNC_SPIN_MS)) return true
  for (;;) {
    const seen = block.completed
    if (seen === generation) return true
    const remaining = until - performance.now()
    if (remaining <= 0) return false
    block.waitComplete(seen, remaining)
  }
}
