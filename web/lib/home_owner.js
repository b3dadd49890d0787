// pyshell web/lib/home_owner.js (the page): which tab keeps the home folder. The store of the
// tab that keeps it holds the Web Lock "pyshell-home" (web/lib/home_store.js); this module
// looks at that lock before a tab starts, asks the user what to do when another tab holds
// it, and tells the other tabs when this one takes it over:
//
//   tab A (holds the lock)                       tab B (opened later)
//                                                askIfOwned(): the lock is held → dialog
//                                                  "Take over"  → 'steal'
//                                                  "Read-only"  → 'read-only'
//   store: lock stolen → every change EROFS  ◀── store: locks.request(steal)
//   onTakenOver(): says so, offers Take over ◀── announce() on BroadcastChannel
//
// Loads as a classic <script>: defines globalThis.PyshellHomeOwner.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellHomeOwner = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const LOCK = 'pyshell-home';       // home_store.js's LOCK
  const CHANNEL = 'pyshell-home';

  // A reload's old worker lets go of the lock a moment after the new page starts: wait that long.
  const RELEASE_WAIT_MS = 2000;

  /** Whether another tab (its worker) holds the lock and keeps it for RELEASE_WAIT_MS. */
  async function heldElsewhere() {
    if (typeof navigator !== 'object' || !navigator.locks || !navigator.locks.request) return false;
    try {
      const state = await navigator.locks.query();
      if (!(state.held || []).some((l) => l.name === LOCK)) return false;
      // Held: free within the wait (taken and let go at once), or still held.
      await navigator.locks.request(LOCK, { signal: AbortSignal.timeout(RELEASE_WAIT_MS) }, () => null);
      return false;
    } catch (error) {
      return !!error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    }
  }

  /**
   * Resolves the home mode for this tab's first session: 'owner' when no other tab keeps
   * the files, else the user's choice in `dialog` (a <dialog> with buttons whose value is
   * 'steal' or 'read-only'): take over, or open read-only.
   */
  async function askIfOwned(dialog) {
    if (!(await heldElsewhere())) return 'owner';
    if (!dialog || typeof dialog.showModal !== 'function') return 'read-only';
    return new Promise((resolve) => {
      dialog.returnValue = '';
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'steal' ? 'steal' : 'read-only'), { once: true });
      dialog.showModal();
    });
  }

  /** {announce()}: tells the other tabs this one now keeps the files; onTakenOver when another does. */
  function createOwnerChannel(o) {
    let channel = null;
    try { channel = new BroadcastChannel(CHANNEL); } catch (_) { /* none: the store's EROFS still holds */ }
    const id = Math.random().toString(36).slice(2);
    if (channel) {
      channel.onmessage = (event) => {
        const m = event.data || {};
        if (m.type === 'taken-over' && m.id !== id && o.onTakenOver) o.onTakenOver();
      };
    }
    return {
      announce() { if (channel) channel.postMessage({ type: 'taken-over', id }); },
    };
  }

  return { askIfOwned, createOwnerChannel, heldElsewhere, LOCK };
}));
