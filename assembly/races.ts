// The race lab's kernels: each index of a region is one logical thread, and
// all of them start together at the lab block's barrier, so they overlap.
// `none` kernels are wrong on purpose; every other kernel is one fix.
//
// Lab block (Int32 words, src/races/lab-block.ts mirrors it):
//   [0..1] barrier   [2..3] mutex   [4] counter   [5] deadlocks   [6] seed   [7] overdrafts
//   [8] ticks   [9] overlaps   [10] ready   [11] log records   [12] log next
//   [16..] the counter kernels' progress log: after each block of TICK_BLOCK
//          increments, a thread appends (thread, done, read, wrote): the
//          counter value its block's last increment read and wrote.
//
// Did the threads really run at the same time? A race kernel (none,
// naive-locks) ticks after every block of work; a tick that finds another
// thread's tick since its own last one counts an overlap. Threads taking turns
// on one core overlap once per switch; threads running side by side overlap
// in nearly every block. The lab reruns a race until it sees enough overlaps.

import { mix32 } from "./hash";
import { barrierWait } from "./sync/barrier";
import { mutexLock, mutexUnlock } from "./sync/mutex";
import { BARRIER_PARTIES, MUTEX_WORDS, TIMED_OUT } from "./sync/layout";

const LAB_BARRIER: usize = 0;
const LAB_MUTEX: usize = 2 << 2;
const LAB_COUNTER: usize = 4 << 2;
const LAB_DEADLOCKS: usize = 5 << 2;
const LAB_SEED: usize = 6 << 2;
const LAB_OVERDRAFTS: usize = 7 << 2;
const LAB_TICKS: usize = 8 << 2;
const LAB_OVERLAPS: usize = 9 << 2;
const LAB_READY: usize = 10 << 2;
const LAB_LOG_RECORDS: usize = 11 << 2;
const LAB_LOG_NEXT: usize = 12 << 2;
/** The progress log starts after the block's 16 words; a record is 4 words. */
const LOG_START: usize = 16 << 2;
const LOG_RECORD: usize = 4 << 2;
/** Loads of READY at the start line before falling back to the barrier's sleep (a few ms). */
const START_SPIN: i32 = 1 << 22;

/** Increments per tick of counterNone, words per tick of histogramNone. */
const TICK_BLOCK: i32 = 4096;
/** Transfers per tick of bankNone and bankNaiveLocks. */
const TICK_TRANSFERS: i32 = 64;

/** Ends a block of this thread's work; returns the new mark (the tick count after this thread's tick). */
// @ts-ignore: decorator
@inline function tick(lab: usize, mark: i32): i32 {
  // Another thread ticked since our last tick: it ran while we did.
  const before = atomic.add<i32>(lab + LAB_TICKS, 1);
  if (before != mark) atomic.add<i32>(lab + LAB_OVERLAPS, 1);
  return before + 1;
}

/** The start barrier waits at most this long (ns) for the other logical threads. */
const START_TIMEOUT_NS: i64 = 10_000_000_000;
/** A lock wait this long (ns) in bankNaiveLocks is taken for a deadlock. */
const DEADLOCK_TIMEOUT_NS: i64 = 50_000_000;

// @ts-ignore: decorator
@inline function start(lab: usize): void {
  // Spin at the start line until every thread is there: a thread asleep in
  // the barrier wakes ~0.1 ms late, when a fast racer may already be done.
  const parties = load<i32>(lab + LAB_BARRIER, BARRIER_PARTIES << 2);
  atomic.add<i32>(lab + LAB_READY, 1);
  for (let i = 0; i < START_SPIN && atomic.load<i32>(lab + LAB_READY) < parties; i++) {}
  if (barrierWait(lab + LAB_BARRIER, START_TIMEOUT_NS) == TIMED_OUT) {
    abort("race start: the other logical threads did not arrive within 10 s");
  }
}

// ─── lost update ────────────────────────────────────────────────────────────

/**
 * Appends a progress record, in the order threads reach this point (one
 * atomic add claims the slot). Records past the log's capacity are dropped;
 * a block without a log (capacity 0) records nothing.
 */
// @ts-ignore: decorator
@inline function record(lab: usize, thread: i32, done: i32, read: i32, wrote: i32): void {
  const capacity = load<i32>(lab + LAB_LOG_RECORDS);
  if (capacity <= 0) return;
  const slot = atomic.add<i32>(lab + LAB_LOG_NEXT, 1);
  if (slot >= capacity) return;
  const at = lab + LOG_START + <usize>slot * LOG_RECORD;
  store<i32>(at, thread);
  store<i32>(at, done, 4);
  store<i32>(at, read, 8);
  store<i32>(at, wrote, 12);
}

/**
 * Adds 1 to the shared counter `iterations` times with a plain load and a
 * plain store: two threads can load the same value, and one increment is
 * lost. test/races pins the emitted loop (load, add, store per iteration).
 * Each block's last increment is written out, to record what it read and wrote.
 */
export function counterNone(lab: usize, iterations: i32, begin: i32, end: i32): void {
  const counter = lab + LAB_COUNTER;
  for (let t = begin; t < end; t++) {
    start(lab);
    let mark = atomic.load<i32>(lab + LAB_TICKS);
    for (let done = 0; done < iterations; done += TICK_BLOCK) {
      const block = min(TICK_BLOCK, iterations - done);
      for (let i = 1; i < block; i++) store<i32>(counter, load<i32>(counter) + 1);
      const read = load<i32>(counter);
      store<i32>(counter, read + 1);
      record(lab, t, done + block, read, read + 1);
      mark = tick(lab, mark);
    }
  }
}

/** The fix in hardware: one atomic read-modify-write per increment (lock add). */
export function counterAtomic(lab: usize, iterations: i32, begin: i32, end: i32): void {
  const counter = lab + LAB_COUNTER;
  for (let t = begin; t < end; t++) {
    start(lab);
    for (let done = 0; done < iterations; done += TICK_BLOCK) {
      const block = min(TICK_BLOCK, iterations - done);
      for (let i = 1; i < block; i++) atomic.add<i32>(counter, 1);
      const read = atomic.add<i32>(counter, 1);
      record(lab, t, done + block, read, read + 1);
    }
  }
}

/** The fix with a lock: each increment inside the lab's futex mutex. */
export function counterMutex(lab: usize, iterations: i32, begin: i32, end: i32): void {
  const counter = lab + LAB_COUNTER;
  const lock = lab + LAB_MUTEX;
  for (let t = begin; t < end; t++) {
    start(lab);
    for (let done = 0; done < iterations; done += TICK_BLOCK) {
      const block = min(TICK_BLOCK, iterations - done);
      for (let i = 1; i < block; i++) {
        mutexLock(lock, t + 1);
        store<i32>(counter, load<i32>(counter) + 1);
        mutexUnlock(lock, t + 1);
      }
      mutexLock(lock, t + 1);
      const read = load<i32>(counter);
      store<i32>(counter, read + 1);
      mutexUnlock(lock, t + 1);
      record(lab, t, done + block, read, read + 1);
    }
  }
}

/**
 * The fix by not sharing: count privately, publish once with one atomic add.
 * Its blocks touch no shared word: they record read = wrote = -1, and the
 * one publication records what the add read and wrote.
 */
export function counterPrivate(lab: usize, iterations: i32, begin: i32, end: i32): void {
  const counter = lab + LAB_COUNTER;
  for (let t = begin; t < end; t++) {
    start(lab);
    let mine = 0;
    for (let done = 0; done < iterations; done += TICK_BLOCK) {
      const block = min(TICK_BLOCK, iterations - done);
      for (let i = 0; i < block; i++) mine++;
      if (done + block < iterations) record(lab, t, done + block, -1, -1);
    }
    const read = atomic.add<i32>(counter, mine);
    record(lab, t, iterations, read, read + mine);
  }
}

// ─── histogram ──────────────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function share(lab: usize, length: i32, t: i32): u64 {
  // Logical thread t of T (the barrier's parties) takes a contiguous slice.
  const parties = <i64>load<i32>(lab + LAB_BARRIER, BARRIER_PARTIES << 2);
  const first = <i64>t * length / parties;
  const last = <i64>(t + 1) * length / parties;
  return (<u64>first << 32) | <u64>last;
}

/** Shared bins (256 × u32, bin = top byte) updated with plain load and store. */
export function histogramNone(lab: usize, xs: usize, length: i32, bins: usize, scratch: usize, begin: i32, end: i32): void {
  for (let t = begin; t < end; t++) {
    start(lab);
    let mark = atomic.load<i32>(lab + LAB_TICKS);
    const range = share(lab, length, t);
    for (let first = <i32>(range >>> 32); first < <i32>range; first += TICK_BLOCK) {
      const last = min(first + TICK_BLOCK, <i32>range);
      for (let i = first; i < last; i++) {
        const bin = bins + (<usize>(load<u32>(xs + (<usize>i << 2)) >>> 24) << 2);
        store<u32>(bin, load<u32>(bin) + 1);
      }
      mark = tick(lab, mark);
    }
  }
}

/** Shared bins updated with atomic.add. */
export function histogramAtomic(lab: usize, xs: usize, length: i32, bins: usize, scratch: usize, begin: i32, end: i32): void {
  for (let t = begin; t < end; t++) {
    start(lab);
    const range = share(lab, length, t);
    for (let i = <i32>(range >>> 32); i < <i32>range; i++) {
      atomic.add<u32>(bins + (<usize>(load<u32>(xs + (<usize>i << 2)) >>> 24) << 2), 1);
    }
  }
}

/** A private histogram per logical thread (in scratch: T × 256 u32), merged with 256 atomic adds. */
export function histogramPrivate(lab: usize, xs: usize, length: i32, bins: usize, scratch: usize, begin: i32, end: i32): void {
  for (let t = begin; t < end; t++) {
    start(lab);
    const mine = scratch + (<usize>t << 10);
    memory.fill(mine, 0, 1024);
    const range = share(lab, length, t);
    for (let i = <i32>(range >>> 32); i < <i32>range; i++) {
      const bin = mine + (<usize>(load<u32>(xs + (<usize>i << 2)) >>> 24) << 2);
      store<u32>(bin, load<u32>(bin) + 1);
    }
    for (let b: usize = 0; b < 256; b++) atomic.add<u32>(bins + (b << 2), load<u32>(mine + (b << 2)));
  }
}

// ─── check-then-act: bank transfers ─────────────────────────────────────────

const MAX_AMOUNT: u32 = 50;

/**
 * Runs `iterations` transfers for logical thread t with `move`: from, to,
 * amount → false to stop. With `ticking` (the races), ticks every
 * TICK_TRANSFERS transfers.
 */
// @ts-ignore: decorator
@inline function transfers(lab: usize, accounts: i32, iterations: i32, t: i32, ticking: bool, move: (from: i32, to: i32, amount: i32) => bool): void {
  const key = mix32(load<u32>(lab + LAB_SEED) ^ mix32(<u32>t + 0x9e3779b9));
  let mark = atomic.load<i32>(lab + LAB_TICKS);
  for (let i = 0; i < iterations; i++) {
    const h = mix32(<u32>i ^ key);
    const from = <i32>(h % <u32>accounts);
    const to = <i32>((<u32>from + 1 + (h >>> 8) % <u32>(accounts - 1)) % <u32>accounts);
    if (!move(from, to, <i32>(1 + (h >>> 20) % MAX_AMOUNT))) return;
    if (ticking && (i + 1) % TICK_TRANSFERS == 0) mark = tick(lab, mark);
  }
}

// Closures cannot capture in AssemblyScript, so the kernels keep their state in
// globals; each instance (one per worker) has its own globals and runs one
// logical thread at a time.
let gBalances: usize = 0;
let gLocks: usize = 0;
let gLab: usize = 0;
let gWho: i32 = 0;

// @ts-ignore: decorator
@inline function balance(account: i32): usize { return gBalances + (<usize>account << 2); }
// @ts-ignore: decorator
@inline function lockOf(account: i32): usize { return gLocks + (<usize>account * <usize>MUTEX_WORDS << 2); }

/**
 * The work a transfer does between its check and its act (validating,
 * logging, computing a fee): 32 rounds of a hash, about 100 ns. It is the
 * window in which another thread's transfer can intervene; every fix does the
 * same work inside its critical section. A zero receipt (never seen) skips
 * the transfer, which keeps the optimizer from dropping the work.
 */
// @ts-ignore: decorator
@inline function process(amount: i32): bool {
  let h = <u32>amount;
  for (let k = 0; k < 32; k++) h = mix32(h + 0x9e3779b9);
  return h != 0;
}

function moveNone(from: i32, to: i32, amount: i32): bool {
  // Check, then act. The act re-reads each balance (atomic.load only keeps the
  // optimizer from reusing the check's load) and writes it back with a plain
  // store: another thread's transfer can land between the check and the act
  // (a balance goes below 0) or between a read and its write (money appears
  // or vanishes).
  if (load<i32>(balance(from)) >= amount && process(amount)) {
    const left = atomic.load<i32>(balance(from)) - amount;
    store<i32>(balance(from), left);
    store<i32>(balance(to), atomic.load<i32>(balance(to)) + amount);
    // A debit that the check should have prevented: counted, since later
    // credits may hide it by the end of the run.
    if (left < 0) atomic.add<i32>(gLab + LAB_OVERDRAFTS, 1);
  }
  return true;
}

function moveGlobalLock(from: i32, to: i32, amount: i32): bool {
  mutexLock(gLab + LAB_MUTEX, gWho);
  moveNone(from, to, amount);
  mutexUnlock(gLab + LAB_MUTEX, gWho);
  return true;
}

function moveOrderedLocks(from: i32, to: i32, amount: i32): bool {
  // Every thread takes the lower-numbered account's lock first: no cycle, no deadlock.
  const first = min(from, to), second = max(from, to);
  mutexLock(lockOf(first), gWho);
  mutexLock(lockOf(second), gWho);
  moveNone(from, to, amount);
  mutexUnlock(lockOf(second), gWho);
  mutexUnlock(lockOf(first), gWho);
  return true;
}

function moveNaiveLocks(from: i32, to: i32, amount: i32): bool {
  // Source first, then destination: two opposite transfers can each hold the
  // lock the other waits for. A wait that outlasts DEADLOCK_TIMEOUT_NS is
  // counted as a deadlock, and this logical thread stops.
  mutexLock(lockOf(from), gWho);
  if (load<i32>(balance(from)) < amount) {
    mutexUnlock(lockOf(from), gWho);
    return true;
  }
  if (mutexLock(lockOf(to), gWho, DEADLOCK_TIMEOUT_NS) == TIMED_OUT) {
    atomic.add<i32>(gLab + LAB_DEADLOCKS, 1);
    mutexUnlock(lockOf(from), gWho);
    return false;
  }
  moveNone(from, to, amount);
  mutexUnlock(lockOf(to), gWho);
  mutexUnlock(lockOf(from), gWho);
  return true;
}

function moveCas(from: i32, to: i32, amount: i32): bool {
  for (;;) {
    const b = atomic.load<i32>(balance(from));
    if (b < amount || !process(amount)) return true;
    // Check and act in one step: the debit happens only if nobody changed the balance since.
    if (atomic.cmpxchg<i32>(balance(from), b, b - amount) == b) break;
  }
  atomic.add<i32>(balance(to), amount);
  return true;
}

// @ts-ignore: decorator
@inline function bank(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32, ticking: bool, move: (from: i32, to: i32, amount: i32) => bool): void {
  gBalances = balances;
  gLocks = locks;
  gLab = lab;
  for (let t = begin; t < end; t++) {
    gWho = t + 1;
    start(lab);
    transfers(lab, accounts, iterations, t, ticking, move);
  }
}

/** Transfers that check the balance, then act, with nothing held in between. */
export function bankNone(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32): void {
  bank(lab, balances, accounts, locks, iterations, begin, end, true, moveNone);
}
/** Every transfer under one global lock. */
export function bankGlobalLock(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32): void {
  bank(lab, balances, accounts, locks, iterations, begin, end, false, moveGlobalLock);
}
/** One lock per account, taken in account order. */
export function bankOrderedLocks(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32): void {
  bank(lab, balances, accounts, locks, iterations, begin, end, false, moveOrderedLocks);
}
/** One lock per account, source first: can deadlock (detected by timeout, counted in the lab block). */
export function bankNaiveLocks(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32): void {
  bank(lab, balances, accounts, locks, iterations, begin, end, true, moveNaiveLocks);
}
/** Lock-free: a compare-and-swap loop on the source balance. */
export function bankCas(lab: usize, balances: usize, accounts: i32, locks: usize, iterations: i32, begin: i32, end: i32): void {
  bank(lab, balances, accounts, locks, iterations, begin, end, false, moveCas);
}
