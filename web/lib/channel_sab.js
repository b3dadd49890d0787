// pyshell web/lib/channel_sab.js: the worker's side of the SAB transport. The wasm runs
// without ever returning to the worker's event loop; everything from the page arrives in
// shared memory, and every wait is an Atomics.wait on the stdin ring's doorbell, which the
// session client (session.js) rings for every kind of event: keys, a mailbox request, a
// resize, an interrupt, an acknowledgement that frees the output window.
//
//   page ──stdin ring──────────▶ tryRead()          page ──control block──▶ size(), busy
//   page ──mailbox ring (frames)▶ takeRequests()    page ──interrupt cell─▶ takeSignal()
//
// The same interface as channel_jspi.js; run(step) drives the host's waiting loops
// (worker_host.js) synchronously here, as promises there.
//
// Loads through importScripts and require(): defines globalThis.PyshellChannelSab.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellChannelSab = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  const { Ring } = root.PyshellRing || require('./ring.js');
  const C = root.PyshellControl || require('./control.js');
  const { FrameDecoder } = root.PyshellMailbox || require('./mailbox.js');

  class SabChannel {
    /**
     * @param {object} init the init message (stdin, mailbox, control, interrupt)
     * @param {object} hooks {post(message), onBadRequest(error)}
     */
    constructor(init, hooks) {
      this.C = C;
      this.kind = 'sab';
      this.stdin = new Ring(init.stdin);
      this.mailbox = new Ring(init.mailbox);
      this.ctl = init.control instanceof Int32Array ? init.control : new Int32Array(init.control);
      this.cell = init.interrupt instanceof Uint8Array ? init.interrupt : new Uint8Array(init.interrupt);
      this.decoder = new FrameDecoder();
      this.hooks = hooks;
      this.stdin.onDrain = () => hooks.post({ type: 'drain', ring: 'stdin' });
      this.mailbox.onDrain = () => hooks.post({ type: 'drain', ring: 'mailbox' });
      this.resizeSeen = Atomics.load(this.ctl, this.C.RESIZE_SEQ);
    }

    /**
     * Runs a waiting loop: step() answers {done: true, value} or {wait: ms} (Infinity: no
     * limit); between steps the worker sleeps until anything arrives or ms pass.
     */
    run(step) {
      for (;;) {
        const seq = this.stdin.seq(); // before looking, so that no wake-up is missed
        const r = step();
        if (r.done) return r.value;
        this.stdin.waitChange(seq, r.wait === Infinity ? -1 : Math.max(0, r.wait));
      }
    }

    tryRead(max) { return this.stdin.tryRead(max); }
    hasInput() { return this.stdin.available() > 0; }
    get closed() { return this.stdin.closed; }

    /** The requests the page sent since the last call: [{header, payload}]. */
    takeRequests() {
      const out = [];
      for (;;) {
        const chunk = this.mailbox.tryRead(this.mailbox.capacity);
        if (!chunk) return out;
        try {
          for (const frame of this.decoder.push(chunk)) out.push(frame);
        } catch (error) {
          this.decoder = new FrameDecoder();
          this.hooks.onBadRequest(error);
        }
      }
    }

    size() { return { cols: Atomics.load(this.ctl, this.C.COLS), rows: Atomics.load(this.ctl, this.C.ROWS) }; }
    /** True once after each resize (clears it). */
    takeSizeChanged() {
      this.resizeSeen = Atomics.load(this.ctl, this.C.RESIZE_SEQ);
      return this.C.takeSizeChanged(this.ctl);
    }
    /** True once per resize not yet seen by takeSizeChanged/resizedSinceLook (a waiting read returns on it). */
    resizedSinceLook() {
      const seq = Atomics.load(this.ctl, this.C.RESIZE_SEQ);
      if (seq === this.resizeSeen) return false;
      this.resizeSeen = seq;
      return true;
    }

    interruptPending() { return Atomics.load(this.cell, 0) !== 0; }
    /** The pending signal number (0: none), cleared: one atomic step, so none is lost. */
    takeSignal() { return Atomics.exchange(this.cell, 0, 0); }
    clearInterrupt() { Atomics.store(this.cell, 0, 0); }
    raise(signal) { if (signal) Atomics.store(this.cell, 0, signal); }

    setBusy(busy) { Atomics.store(this.ctl, this.C.BUSY, busy ? 1 : 0); }

    /**
     * After posting n output bytes: pauses Python while the page has more than its window
     * not yet drawn, so a runaway print loop cannot queue gigabytes; an interrupt ends the
     * pause at once, so that Ctrl-C during a flood takes effect.
     */
    afterOutput(n) {
      const { ctl, C } = this;
      if (Atomics.load(ctl, C.OUT_WINDOW) <= 0) return;
      Atomics.add(ctl, C.OUT_PENDING, n);
      for (;;) {
        const pending = Atomics.load(ctl, C.OUT_PENDING);
        if (pending <= Atomics.load(ctl, C.OUT_WINDOW) || Atomics.load(ctl, C.OUT_WINDOW) <= 0) return;
        if (this.interruptPending()) return;
        Atomics.wait(ctl, C.OUT_PENDING, pending, 50); // acks notify OUT_PENDING; interrupts only ring WAKE
      }
    }

    /** After a write: nothing more to wait for (afterOutput waited already). */
    backpressure() { return undefined; }

    /** CPython's periodic signal check (every 1000th eval-breaker check): never waits here. */
    pollSignal() { return this.takeSignal(); }
  }

  return { SabChannel };
}));
