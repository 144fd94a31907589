// The worker side of a parallel region: wait for a published generation, join
// it, run its chunks as a team member (../team/member.ts), leave.

import { ACTIVE, CALLER, COMMAND, GENERATION, PARK, TEAM_SIZE, Command } from '../team/control-block.js'
import { runRegion, type TeamMember } from '../team/member.js'
import { awaitGeneration } from './idle.js'

export type { TeamMember } from '../team/member.js'

/** Serves regions until STOP. Blocks this worker thread (never the main thread). */
export function teamLoop(member: TeamMember): void {
  const control = member.views.i32
  let seen = member.generation
  for (;;) {
    seen = awaitGeneration(control, seen)
    // Odd: the main side is rewriting the descriptor; the even value follows.
    if (seen & 1) continue
    if (control[COMMAND] === Command.Stop) return
    // Join, then re-check: if GENERATION moved on, the main side may be
    // rewriting the descriptor, so leave without reading it (Dekker handshake
    // with the main side's GENERATION bump and ACTIVE check).
    Atomics.add(control, ACTIVE, 1)
    let satOut = false
    if (Atomics.load(control, GENERATION) === seen) {
      // A synchronous region's caller is its last member: the worker of that
      // index sits it out, so the region has TEAM_SIZE threads in all.
      if (member.index < control[TEAM_SIZE]! - control[CALLER]!) runRegion(member, seen)
      else satOut = true
    }
    // Leave: the main side rewrites the descriptor only once ACTIVE is 0; the
    // last to leave wakes it if it waits (a worker descheduled between its
    // last chunk and here would otherwise cost it a polling interval).
    if (Atomics.sub(control, ACTIVE, 1) === 1) Atomics.notify(control, ACTIVE)
    if (satOut) park(control, seen)
  }
}

/**
 * Sleeps through synchronous regions: a worker left out of one would
 * otherwise spin after each, taking a core from the caller or a member. The
 * main side bumps PARK after publishing a region for every worker (and STOP).
 */
function park(control: Int32Array, seen: number): void {
  for (;;) {
    // PARK before GENERATION: a region published in between bumps PARK after it, so the wait returns at once.
    const ticket = Atomics.load(control, PARK)
    if (Atomics.load(control, GENERATION) !== seen) return
    Atomics.wait(control, PARK, ticket)
  }
}

