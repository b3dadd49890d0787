// pyshell web/lib/inspector_page.js: the inspector on the page (loaded by index.html after
// main.js). It owns the toolbar's "Inspector" toggle, the pane beside the terminal (below it
// on narrow windows) with its splitter, and the inspector module (inspector.js + .wasm, built
// from web/inspector/): loaded only when the pane is first opened and never before the first
// prompt (`pyshell:ready`), so the plain terminal starts exactly as fast as before.
//
// It talks to main.js only through the page hooks (CustomEvents on window):
//   in:  pyshell:ready, pyshell:inspect {json}, pyshell:busy {busy}
//   out: pyshell:inspect-subscribe {on}  (on while the pane is shown, off while hidden)
//        pyshell:inspect-request {json}, pyshell:insert-line {text}  (dispatched by the module)
// The terminal refits by itself: main.js watches #terminal-wrap's size.
//
// window.pyshellInspector is for tests and debugging: shown, loaded, toggle(on), drawn().
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const SHOWN_KEY = 'pyshell.inspector';
  const SIZE_KEY = 'pyshell.inspectorSize';
  const SIZE_DEFAULT = 0.4;   // of the window's width (beside) or height (below)
  const SIZE_MIN = 0.15;
  const SIZE_MAX = 0.8;
  const SIZE_STEP = 0.02;     // one arrow key on the splitter

  function stored(key) {
    try { return localStorage.getItem(key); } catch (_) { return null; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (_) { /* not kept */ }
  }
  const clampSize = (f) => Math.min(SIZE_MAX, Math.max(SIZE_MIN, f));

  function start() {
    const button = $('btn-inspector');
    const pane = $('inspector-pane');
    const splitter = $('inspector-splitter');
    const canvas = $('inspector-canvas');
    const status = $('inspector-status');
    const workspace = $('workspace');
    if (!button || !pane || !splitter || !canvas || !status || !workspace) return; // an older index.html

    let shown = false;
    let ready = false;          // the first prompt has been on screen
    let module = null;          // the instance createInspector made
    let loading = null;         // the promise of it
    let failed = false;
    let pending = [];           // messages while the module loads: the last snapshot and what followed
    let busy = false;
    let lastSnapshot = null;    // the newest snapshot JSON seen (for tests and debugging)

    function setStatus(text, isError) {
      status.textContent = text || '';
      status.hidden = !text;
      status.classList.toggle('error', !!isError);
    }

    /* ---- the pane's size and the splitter ---- */
    let size = clampSize(Number(stored(SIZE_KEY)) || SIZE_DEFAULT);
    const below = () => getComputedStyle(workspace).flexDirection === 'column';
    function applySize() {
      workspace.style.setProperty('--inspector-size', (size * 100).toFixed(2) + '%');
      splitter.setAttribute('aria-orientation', below() ? 'horizontal' : 'vertical');
      splitter.setAttribute('aria-valuenow', String(Math.round(size * 100)));
      if (module) module._inspector_wake();
    }
    function setSize(f, keep) {
      size = clampSize(f);
      applySize();
      if (keep) store(SIZE_KEY, size.toFixed(3));
    }
    splitter.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      splitter.setPointerCapture(event.pointerId);
      const rect = workspace.getBoundingClientRect();
      const move = (e) => {
        const f = below() ? (rect.bottom - e.clientY) / rect.height : (rect.right - e.clientX) / rect.width;
        setSize(f, false);
      };
      const up = () => {
        splitter.removeEventListener('pointermove', move);
        splitter.removeEventListener('pointerup', up);
        splitter.removeEventListener('pointercancel', up);
        setSize(size, true);
      };
      splitter.addEventListener('pointermove', move);
      splitter.addEventListener('pointerup', up);
      splitter.addEventListener('pointercancel', up);
    });
    splitter.addEventListener('keydown', (event) => {
      // The pane grows toward the terminal: ← (beside) or ↑ (below) makes it larger.
      const grow = below() ? 'ArrowUp' : 'ArrowLeft';
      const shrink = below() ? 'ArrowDown' : 'ArrowRight';
      if (event.key === grow) setSize(size + SIZE_STEP, true);
      else if (event.key === shrink) setSize(size - SIZE_STEP, true);
      else if (event.key === 'Home') setSize(SIZE_MIN, true);
      else if (event.key === 'End') setSize(SIZE_MAX, true);
      else return;
      event.preventDefault();
    });
    window.addEventListener('resize', applySize);

    /* ---- the module ---- */
    function feed(json) {
      const n = module.lengthBytesUTF8(json) + 1;
      const ptr = module._malloc(n);
      if (!ptr) return;
      module.stringToUTF8(json, ptr, n);
      try { module._inspector_feed(ptr); } finally { module._free(ptr); }
    }

    function fail(text) {
      failed = true;
      setStatus(text, true);
    }

    function load() {
      if (loading) return loading;
      setStatus('Loading the inspector…');
      // The panels' font (DejaVu Sans, cut down), beside the module (or inside the single-file
      // page: lib/assets.js); without it the module falls back to ImGui's built-in pixel font.
      const assets = window.PyshellAssets;
      const font = assets.bytes('inspector-font.ttf')
        .then((bytes) => {
          // A TrueType font starts 00 01 00 00 ('true' on old Macs); anything else (a host's
          // HTML error page served as 200, say) must not reach stb_truetype, which trusts its input.
          const tag = String.fromCharCode(...bytes.subarray(0, 4));
          if (bytes.length < 12 || (tag !== '\x00\x01\x00\x00' && tag !== 'true')) throw new Error('not a TrueType font');
          return bytes;
        })
        .catch((error) => {
          console.warn('pyshell: inspector-font.ttf could not be loaded (' + (error && error.message || error) +
            "); the inspector uses ImGui's built-in font");
          return null;
        });
      loading = assets.url('inspector.js').then((src) => new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.async = true;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error('inspector.js could not be loaded: is this folder complete? (./dev.sh build)'));
        document.head.appendChild(script);
      })).then(() => assets.url('inspector.wasm')).then((wasmUrl) => {
        if (typeof window.createInspector !== 'function') throw new Error('inspector.js did not define createInspector');
        return window.createInspector({
          canvas,
          locateFile: (name) => (name === 'inspector.wasm' ? wasmUrl : name),
          onInspectorError: (text) => fail('The inspector cannot draw here: ' + text),
          print: (text) => console.log('inspector:', text),
          printErr: (text) => console.warn('inspector:', text),
        });
      }).then((instance) => font.then((bytes) => {
        if (failed) return null;
        if (bytes && bytes.length) {
          const ptr = instance._malloc(bytes.length);   // the module keeps these bytes
          if (ptr) {
            instance.HEAPU8.set(bytes, ptr);
            instance._inspector_set_font(ptr, bytes.length);
          }
        }
        module = instance;
        setStatus('');
        module._inspector_set_busy(busy ? 1 : 0);
        for (const json of pending) feed(json);
        pending = [];
        module._inspector_set_visible(shown ? 1 : 0);
        return module;
      })).catch((error) => {
        fail(String(error && error.message || error));
        return null;
      });
      return loading;
    }

    const terminalInput = () => document.querySelector('#terminal textarea');
    function focusTerminal() {
      const input = terminalInput();
      if (input) input.focus({ preventScroll: true });
    }

    // Tab and the arrows move inside the panels, so Escape (when no widget is being edited)
    // hands the keyboard back to the terminal instead of trapping it in the canvas.
    canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && module && !module._inspector_item_active()) {
        event.preventDefault();
        focusTerminal();
      }
    });
    // A History line went to the prompt: the terminal is where the user goes on.
    window.addEventListener('pyshell:insert-line', () => setTimeout(focusTerminal, 0));

    function subscribe(on) {
      window.dispatchEvent(new CustomEvent('pyshell:inspect-subscribe', { detail: { on } }));
    }

    /* ---- showing and hiding ---- */
    function setShown(on, remember) {
      on = !!on;
      if (remember) store(SHOWN_KEY, on ? '1' : '0');
      if (on === shown) return;
      shown = on;
      button.setAttribute('aria-pressed', String(on));
      button.classList.toggle('active', on);
      pane.hidden = !on;
      splitter.hidden = !on;
      applySize();
      if (on) {
        if (!ready) setStatus('The inspector opens once Python is ready…');
        else activate();
      } else {
        if (pane.contains(document.activeElement) || document.activeElement === splitter) focusTerminal();
        if (module) module._inspector_set_visible(0);
        if (ready) subscribe(false);
      }
    }

    function activate() {   // shown and Python is up: load if needed, ask for snapshots
      if (module) module._inspector_set_visible(1);
      else if (!failed) load();
      subscribe(true);
    }

    button.addEventListener('click', () => setShown(!shown, true));

    /* ---- the page hooks ---- */
    window.addEventListener('pyshell:ready', () => {
      ready = true;
      // A restart starts a new worker: ask it for snapshots again.
      if (shown) activate();
    });
    window.addEventListener('pyshell:inspect', (event) => {
      const json = event.detail && event.detail.json;
      if (typeof json !== 'string') return;
      if (/"kind"\s*:\s*"snapshot"/.test(json)) {
        lastSnapshot = json;
        if (!module) pending = [];   // a newer snapshot replaces everything before it
      }
      if (module) feed(json);
      else if (loading) pending.push(json);   // opened, module on its way (never opened: nothing kept)
    });
    window.addEventListener('pyshell:busy', (event) => {
      busy = !!(event.detail && event.detail.busy);
      if (module) module._inspector_set_busy(busy ? 1 : 0);
    });

    /* ---- for tests and debugging ---- */
    window.pyshellInspector = {
      get shown() { return shown; },
      get loaded() { return !!module; },
      get failed() { return failed; },
      get lastSnapshot() { return lastSnapshot; },
      toggle: (on) => setShown(on === undefined ? !shown : on, true),
      /**
       * Resolves with what the next frame drew: {text} (the text on the canvas, line by line,
       * read back from ImGui's draw data) and {items} (the panels' rows, cells, buttons with
       * their rectangles in device pixels).
       */
      drawn: () => new Promise((resolve, reject) => {
        if (!module) { reject(new Error('the inspector module is not loaded')); return; }
        module._inspector_capture_text();
        let frames = 0;
        const poll = () => {
          const text = module._inspector_drawn_text();
          if (text) {
            resolve({ text: module.UTF8ToString(text), items: JSON.parse(module.UTF8ToString(module._inspector_drawn_items())) });
            return;
          }
          if (++frames > 120) { reject(new Error('the inspector drew no frame in 120 animation frames')); return; }
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
    };

    applySize();
    setShown(stored(SHOWN_KEY) === '1', false);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
