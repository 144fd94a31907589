// The worker side of a parallel region: wait for a published generation, join
// it, run its chunks as a team member (../region/member.ts), leave.

import { Command } from '../region/control-block.js'
import { isMember } from '../region/descriptor.js'
import { runRegion, type TeamMember } from '../region/member.js'
import { awaitGeneration } from './idle.js'

export type { TeamMember } from '../region/member.js'

/** Serves regions until STOP. Blocks this worker thread (never the main thread). */
export function teamLoop(member: TeamMember): void {
  const { block } = member
  let seen = member.generation
  for (;;) {
    seen = awaitGeneration(block, seen)
    // Odd: the main side is rewriting the descriptor; the even value follows.
    if (seen & 1) continue
    if (block.command === Command.Stop) return
    // If GENERATION moved on after joining, the main side may be rewriting
    // the descriptor: leave without reading it.
    let satOut = false
    if (block.join(seen)) {
      // A synchronous region's caller is its last member: the worker of that
      // index sits it out, so the region has TEAM_SIZE threads in all.
      if (isMember(block, member.index)) runRegion(member, seen)
      else satOut = true
    }
    // Leave: the main side rewrites the descriptor only once every worker has
    // left; the last to leave wakes it if it waits (a worker descheduled
    // between its last chunk and here would otherwise cost it a polling interval).
    block.leave()
    if (satOut) block.park(seen)
  }
}
