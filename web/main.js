// pyshell web/main.js: the page side of the terminal (loaded by index.html). It picks the
// transport the browser allows (lib/session.js chooseTransport):
//   SAB   the page is cross-origin isolated (serve.py's headers, or coi-serviceworker.js);
//   JSPI  it is not (a course page's iframe, a static host, a file opened from disk) and the
//         browser has WebAssembly JS Promise Integration (Chromium 137+);
//   else  registers coi-serviceworker.js and reloads once, or says what is missing;
// shows an xterm.js terminal, and starts worker.js, which runs the wasm, through the one
// session client (lib/session.js): keys, requests (uploads, downloads, zips, inspector),
// resizes and Ctrl-C go to the worker, output and events come back (lib/protocol.js).
// Everything terminal-like (line editing, completion, history, the REPL) is C++ in the
// worker; this file stays thin.
//
// URL options (the query string): embed (just the terminal, sized to its frame: for an
// iframe on a course page), transport=sab|jspi (force one, for tests and comparisons).
//
// Page hooks for the inspector panel (DOM CustomEvents on window):
//   pyshell:ready              → {}            the first '>>> ' of a session is on screen
//   pyshell:inspect            → {json}        a snapshot / children / preview / error reply
//   pyshell:busy               → {busy}        Python started / finished running an entry
//   pyshell:inspect-subscribe  ← {on}          snapshots after each entry (and one now), or not
//   pyshell:inspect-request    ← {json}        a Request JSON; op download takes the page's
//                                              download path, the rest go to the worker
//   pyshell:insert-line        ← {text}        put a line into the prompt (bracketed paste)
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const FONT_KEY = 'pyshell.fontSize';
  const COI_RELOAD_KEY = 'pyshell.coiReload';
  const FONT_DEFAULT = 15;
  const FONT_MIN = 8;
  const FONT_MAX = 36;

  /* ------------------------------------------------------------------------------------
   * Full-page and in-page messages (never a blank page).
   * ---------------------------------------------------------------------------------- */
  function showFatal(title, message, help, opts) {
    const o = opts || {};
    const panel = $('fatal');
    if (!panel) { // the page itself is broken; still say something
      document.body.textContent = title + ': ' + message;
      return;
    }
    $('fatal-title').textContent = title;
    $('fatal-message').textContent = message;
    const helpEl = $('fatal-help');
    helpEl.textContent = '';
    for (const line of [].concat(help || [])) {
      const p = document.createElement('p');
      p.textContent = line;
      helpEl.appendChild(p);
    }
    $('fatal-restart').hidden = !o.canRestart;
    panel.classList.toggle('full-page', !!o.fullPage);
    panel.hidden = false;
    const loading = $('loading');
    if (loading) loading.hidden = true;
  }

  function hideFatal() {
    const panel = $('fatal');
    if (panel) panel.hidden = true;
  }

  function toast(text, level) {
    const box = $('toasts');
    if (!box) return;
    const el = document.createElement('div');
    el.className = 'toast ' + (level === 'error' ? 'toast-error' : 'toast-info');
    el.textContent = text;
    box.appendChild(el);
    setTimeout(() => el.classList.add('fade'), level === 'error' ? 8000 : 3500);
    setTimeout(() => el.remove(), level === 'error' ? 8600 : 4100);
  }

  function setStatus(text, kind) {
    const el = $('status');
    if (!el) return;
    el.textContent = text;
    el.dataset.kind = kind || '';
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / (1024 * 1024)).toFixed(1) + ' MB';
  }

  /* ------------------------------------------------------------------------------------
   * Can this browser run pyshell here? Cross-origin isolation, or one service-worker try.
   * ---------------------------------------------------------------------------------- */
  function sessionFlag(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (_) { /* storage disabled: no reload guard, so no reload either */ }
    return null;
  }

  function storageWorks() {
    try {
      sessionStorage.setItem('pyshell.probe', '1');
      sessionStorage.removeItem('pyshell.probe');
      return true;
    } catch (_) {
      return false;
    }
  }

  /** Registers coi-serviceworker.js and reloads once. Resolves true when a reload is under way, else an error text. */
  async function isolateWithServiceWorker() {
    if (location.protocol === 'file:') return 'a page opened as a file cannot use a service worker';
    if (!('serviceWorker' in navigator)) return 'this browser offers no service workers here';
    if (!window.isSecureContext) return 'service workers need a secure context (https, or http://localhost / 127.0.0.1)';
    if (!storageWorks()) return 'session storage is disabled, so a reload could not be guarded against looping';
    if (sessionFlag(COI_RELOAD_KEY)) {
      return 'the page was reloaded under coi-serviceworker.js and is still not isolated';
    }
    let registration;
    try {
      registration = await navigator.serviceWorker.register(new URL('coi-serviceworker.js', location.href).href);
    } catch (error) {
      return 'coi-serviceworker.js could not be installed (' + (error && error.message || error) + ')';
    }
    sessionFlag(COI_RELOAD_KEY, String(Date.now()));
    if (!navigator.serviceWorker.controller) {
      // Wait until the new worker controls this page (it claims clients on activation).
      await new Promise((resolve) => {
        const done = () => resolve();
        navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
        const sw = registration.installing || registration.waiting || registration.active;
        if (sw && sw.state === 'activated') setTimeout(done, 50);
        setTimeout(done, 5000);
      });
    }
    location.reload();
    return true;
  }

  const params = new URLSearchParams(location.search);

  /** The transport to run on ('sab' or 'jspi'), or null after showing why none works. */
  async function checkEnvironment() {
    const missing = [];
    if (typeof WebAssembly !== 'object') missing.push('WebAssembly');
    if (typeof Worker !== 'function') missing.push('Web Workers');
    if (missing.length) {
      showFatal('pyshell cannot run in this browser',
        'It lacks ' + missing.join(', ') + ', which running Python in a page needs.',
        ['Use a current Chromium, Chrome, Edge, Firefox or Safari.'], { fullPage: true });
      return null;
    }
    // transport=sab: SharedArrayBuffer or nothing (on a page without the headers: the
    // service worker's reload); transport=jspi: JSPI even on an isolated page.
    if (location.protocol === 'file:' && !window.PyshellAssets.inline) {
      // A page opened from disk cannot start a worker from a file: only the single file can.
      const single = new URL('pyshell.html', location.href).href;
      showFatal('Open pyshell.html instead of index.html',
        'This page was opened as a file (' + decodeURIComponent(location.pathname) + '), and a browser does not let a file ' +
        'start the worker Python runs in. The single-file build next to it holds everything in one file and opens from disk.',
        ['Open ' + decodeURIComponent(single) + ' in Chrome, Edge or Chromium 137 or newer.',
          'Or serve this folder: python3 serve.py --root build/web (or ./dev.sh serve), then open the http://127.0.0.1:PORT/ address it prints.'],
        { fullPage: true });
      return null;
    }
    const forced = params.get('transport');
    const hasJspi = typeof WebAssembly.Suspending === 'function' && typeof WebAssembly.promising === 'function';
    const choice = window.PyshellSession.chooseTransport(window);
    if (forced === 'jspi') {
      if (hasJspi) return 'jspi';
      showFatal('pyshell cannot start: transport=jspi is not available here',
        'This browser has no WebAssembly JS Promise Integration (WebAssembly.Suspending).',
        ['Remove transport=jspi from the address to let pyshell choose.'], { fullPage: true });
      return null;
    }
    if (choice.transport === 'sab') {
      sessionFlag(COI_RELOAD_KEY, null);
      return 'sab';
    }
    if (choice.transport === 'jspi' && forced !== 'sab') return 'jspi';
    const swAnswer = await isolateWithServiceWorker();
    if (swAnswer === true) {
      showFatal('Setting up…', 'Installing the helper that isolates this page, then reloading.', [], { fullPage: true });
      return null;
    }
    const help = [];
    help.push('Use a browser with WebAssembly JS Promise Integration (Chrome, Edge or Chromium 137 or newer): it runs pyshell on any page.');
    if (location.protocol === 'file:') {
      help.push('Or open pyshell.html, the single-file build beside this page (' + new URL('pyshell.html', location.href).href + '), or serve this folder: python3 serve.py --root build/web (or ./dev.sh serve), then open the http://127.0.0.1:PORT/ address it prints.');
    } else if (!window.isSecureContext) {
      help.push('Or open it through http://localhost or http://127.0.0.1 (or https): this address is not a secure context.');
    } else {
      help.push('Or serve this folder with serve.py (python3 serve.py --root build/web, or ./dev.sh serve): it sends the Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers.');
      help.push('On a static host that cannot send those headers, keep coi-serviceworker.js beside this page and allow service workers (private windows may block them).');
    }
    help.push('Why it could not fix itself: ' + swAnswer + '.');
    showFatal('pyshell cannot start in this browser here',
      'This page is not cross-origin isolated (no SharedArrayBuffer), and the browser has no WebAssembly JS Promise ' +
      'Integration: pyshell needs one of the two to let Python wait for your keys.', help, { fullPage: true });
    return null;
  }

  /* ------------------------------------------------------------------------------------
   * The terminal.
   * ---------------------------------------------------------------------------------- */
  const THEME = {
    background: '#1e1e1e', foreground: '#d4d4d4', cursor: '#aeafad', cursorAccent: '#1e1e1e',
    selectionBackground: '#264f78', selectionInactiveBackground: '#3a3d41',
    black: '#000000', red: '#cd3131', green: '#0dbc79', yellow: '#e5e510', blue: '#2472c8',
    magenta: '#bc3fbc', cyan: '#11a8cd', white: '#e5e5e5', brightBlack: '#767676', brightRed: '#f14c4c',
    brightGreen: '#23d18b', brightYellow: '#f5f543', brightBlue: '#3b8eea', brightMagenta: '#d670d6',
    brightCyan: '#29b8db', brightWhite: '#ffffff',
  };

  function loadFontSize() {
    let size = FONT_DEFAULT;
    try {
      const saved = Number(localStorage.getItem(FONT_KEY));
      if (saved >= FONT_MIN && saved <= FONT_MAX) size = saved;
    } catch (_) { /* no storage: default size */ }
    return size;
  }

  function createTerminal() {
    const term = new window.Terminal({
      allowProposedApi: true, // needed by term.unicode (Unicode11Addon)
      fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: loadFontSize(),
      cursorBlink: true,
      scrollback: 10000,
      macOptionIsMeta: true,
      theme: THEME,
    });
    const fit = new window.FitAddon.FitAddon();
    term.loadAddon(fit);
    term.loadAddon(new window.WebLinksAddon.WebLinksAddon((event, uri) => {
      window.open(uri, '_blank', 'noopener');
    }));
    term.loadAddon(new window.Unicode11Addon.Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.open($('terminal'));
    return { term, fit };
  }

  /* ------------------------------------------------------------------------------------
   * The page: terminal, worker session, toolbar.
   * ---------------------------------------------------------------------------------- */
  function startPage(transport, workerUrl, inlineFiles, homeChoice) {
    const { term, fit } = createTerminal();
    let session = null;
    // Who keeps the home folder (lib/home_owner.js): 'owner' (this tab, the usual case),
    // 'steal' (take it over from another tab, or from this tab's previous worker on Restart),
    // 'read-only'.
    let homeMode = homeChoice;
    const owner = window.PyshellHomeOwner.createOwnerChannel({
      onTakenOver() {
        if (homeMode === 'read-only') return;
        homeMode = 'read-only';
        // (the store's own sentence, web/lib/home_store.js, whose writes now fail with it)
        showHomeState({ readOnly: 'pyshell was opened in another tab, which now keeps your files: this tab can no longer save them (Take over, or a reload, takes them back)' }, true);
      },
    });

    /* ---- fitting and font size ---- */
    function refit() {
      try { fit.fit(); } catch (_) { /* not visible yet */ }
      if (session) session.resize(term.cols, term.rows);
    }
    let fitQueued = false;
    function queueFit() {
      if (fitQueued) return;
      fitQueued = true;
      requestAnimationFrame(() => { fitQueued = false; refit(); });
    }
    window.addEventListener('resize', queueFit);
    if (typeof ResizeObserver === 'function') new ResizeObserver(queueFit).observe($('terminal-wrap'));

    function setFontSize(size) {
      const s = Math.max(FONT_MIN, Math.min(FONT_MAX, Math.round(size)));
      term.options.fontSize = s;
      try { localStorage.setItem(FONT_KEY, String(s)); } catch (_) { /* not kept */ }
      queueFit();
    }
    const changeFont = (delta) => setFontSize(term.options.fontSize + delta);

    /* ---- copy and paste ---- */
    function copySelection() {
      const text = term.getSelection();
      if (!text) return;
      const fallback = () => {
        const area = document.createElement('textarea');
        area.value = text;
        document.body.appendChild(area);
        area.select();
        try { document.execCommand('copy'); } catch (_) { /* nothing more to try */ }
        area.remove();
        term.focus();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback);
      else fallback();
    }

    function pasteFromClipboard() {
      if (!navigator.clipboard || !navigator.clipboard.readText) {
        toast('Paste with Ctrl-V: this browser does not let the page read the clipboard.', 'error');
        return;
      }
      navigator.clipboard.readText().then((text) => { if (text) term.paste(text); },
        () => toast('Paste with Ctrl-V: the browser did not allow reading the clipboard.', 'error'));
    }

    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || event.altKey || event.metaKey) return true;
      if (event.key === '=' || event.key === '+') {
        event.preventDefault();
        changeFont(+1);
        return false;
      }
      if (event.key === '-' && !event.shiftKey) {
        event.preventDefault();
        changeFont(-1);
        return false;
      }
      if (event.key === '0' && !event.shiftKey) {
        event.preventDefault();
        setFontSize(FONT_DEFAULT);
        return false;
      }
      if (event.shiftKey && event.code === 'KeyC') {
        event.preventDefault();
        copySelection();
        return false;
      }
      // Ctrl-V and Ctrl-Shift-V: not a key for the program; the browser's own paste event
      // then reaches xterm, which sends it (bracketed when the program asked for that).
      if (event.code === 'KeyV') return false;
      return true;
    });

    $('terminal').addEventListener('contextmenu', (event) => {
      event.preventDefault();
      if (term.hasSelection()) {
        copySelection();
        term.clearSelection();
        toast('Copied.');
      } else {
        pasteFromClipboard();
      }
    });

    /* ---- the inspector panel's hooks (see the top of this file) ---- */
    let inspectSubscribed = false;
    function emit(name, detail) {
      window.dispatchEvent(new CustomEvent(name, { detail }));
    }
    function sessionRunning() {
      return session && (session.state === 'running' || session.state === 'loading');
    }
    window.addEventListener('pyshell:inspect-subscribe', (event) => {
      inspectSubscribed = !!(event.detail && event.detail.on);
      if (sessionRunning()) session.request({ type: 'inspect-subscribe', on: inspectSubscribed });
    });
    window.addEventListener('pyshell:inspect-request', (event) => {
      const json = String(event.detail && event.detail.json);
      let request = null;
      try { request = JSON.parse(json); } catch (_) { /* the worker's reader says what is wrong */ }
      if (!sessionRunning()) {
        emit('pyshell:inspect', { json: JSON.stringify({ kind: 'error', error: 'Python is not running: click Restart.' }) });
        return;
      }
      if (request && request.kind === 'request' && request.op === 'download') {
        session.request({ type: 'download-request', name: String(request.path) });
        return;
      }
      session.request({ type: 'inspect', json });
    });
    window.addEventListener('pyshell:insert-line', (event) => {
      if (!sessionRunning()) return;
      // One line, as a bracketed paste: the editor inserts it and does not run it. Control
      // characters (an ESC could end the paste early) are dropped; a final newline too.
      const text = String(event.detail && event.detail.text).replace(/\r?\n$/, '')
        .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
      if (text) session.sendInput('\x1b[200~' + text + '\x1b[201~');
      term.focus();
    });

    /* ---- the worker session (lib/session.js), and what the page shows of it ---- */
    function createSession() {
      const downloads = new Map();
      const s = {
        state: 'loading', // loading | running | exited | failed | closed
        busy: false,
        ready: false,
        client: null,
      };
      let busyTimer = 0;
      let announcedReady = false;
      const live = () => s.client && !s.client.closed;

      s.sendInput = (data) => { if (live()) s.client.sendInput(data); };
      s.sendBinary = (data) => {
        const bytes = new Uint8Array(data.length);
        for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
        if (live()) s.client.sendInput(bytes);
      };
      s.request = (header, payload) => { if (live()) s.client.request(header, payload); };
      s.resize = (cols, rows) => { if (live()) s.client.resize(cols, rows); };
      s.close = () => {
        s.state = 'closed';
        clearTimeout(busyTimer);
        if (s.client) s.client.close();
      };

      function showProgress() {
        let loaded = 0;
        let total = 0;
        let unknown = false;
        for (const d of downloads.values()) {
          loaded += d.loaded;
          total += d.total;
          if (!d.total && !d.done) unknown = true;
        }
        const bar = $('loading-bar');
        if (unknown || !total) {
          bar.classList.add('indeterminate');
          $('loading-detail').textContent = formatBytes(loaded) + ' downloaded';
        } else {
          const pct = Math.min(100, Math.floor((loaded / total) * 100));
          bar.classList.remove('indeterminate');
          bar.style.width = pct + '%';
          $('loading-detail').textContent = `${formatBytes(loaded)} of ${formatBytes(total)} (${pct}%)`;
        }
      }

      function onMessage(m) {
        if (s.state === 'closed') return;
        switch (m.type) {
          case 'state':
            s.busy = m.busy;
            clearTimeout(busyTimer);
            if (m.busy) busyTimer = setTimeout(() => { if (s.busy && s.state === 'running') setStatus('running…', 'busy'); }, 300);
            else if (s.state === 'running') setStatus('ready', 'ready');
            emit('pyshell:busy', { busy: !!m.busy });
            if (!m.busy && !announcedReady) {
              // The first wait for input comes after the prompt's output: once xterm has
              // drawn what came before, the first '>>> ' is on screen.
              announcedReady = true;
              term.write('', () => { if (session === s) emit('pyshell:ready', {}); });
            }
            break;
          case 'inspect':
            emit('pyshell:inspect', { json: m.json });
            break;
          case 'progress':
            if (m.phase === 'download') {
              $('loading-title').textContent = 'Downloading Python…';
              downloads.set(m.file, { loaded: m.loaded, total: m.total, done: m.done });
              showProgress();
            } else if (m.phase === 'files') {
              $('loading-title').textContent = 'Restoring your files…';
            } else if (m.phase === 'start') {
              $('loading-title').textContent = 'Starting Python…';
              $('loading-bar').classList.remove('indeterminate');
              $('loading-bar').style.width = '100%';
            }
            break;
          case 'ready':
            s.ready = true;
            s.state = 'running';
            $('loading').hidden = true;
            setStatus('ready', 'ready');
            prefetchRestOfStdlib();
            break;
          case 'exit':
            s.state = 'exited';
            s.exitCode = m.code;
            clearTimeout(busyTimer);
            $('loading').hidden = true;
            setStatus('exited', 'exited');
            term.write(`\r\n\x1b[0m\x1b[33m[Python exited with status ${m.code} — press Enter or click Restart]\x1b[0m\r\n`);
            break;
          case 'error':
            s.state = 'failed';
            clearTimeout(busyTimer);
            setStatus('stopped', 'error');
            term.write('\r\n\x1b[0m\x1b[31mpyshell: ' + String(m.message).replace(/\n/g, '\r\n') + '\x1b[0m\r\n');
            showFatal(s.ready ? 'Python stopped' : 'pyshell could not start', String(m.message),
              ['Restart starts a fresh Python; the files in your home folder are kept.'], { canRestart: true });
            break;
          case 'download':
            saveDownload(m.name, m.data);
            break;
          case 'worker-exit':
            break;
          case 'home': // at start
            if (session !== s) break;
            if (!m.readOnly && homeMode === 'steal') owner.announce(); // the tab it came from stops saving
            homeMode = m.readOnly ? 'read-only' : 'owner';
            showHomeState(m, false);
            break;
          case 'notice':
            toast(m.text, m.level);
            break;
          default:
            console.warn('pyshell: unknown message from the worker', m);
        }
      }

      let worker;
      try {
        worker = new Worker(workerUrl);
      } catch (error) {
        s.state = 'failed';
        showFatal('pyshell could not start', 'The Python worker could not be created: ' + (error && error.message || error), [], { canRestart: true });
        return s;
      }
      s.client = window.PyshellSession.createSession({
        transport,
        worker,
        cols: term.cols,
        rows: term.rows,
        init: {
          base: new URL('.', location.href).href, script: 'pyshell.js', args: [], options: { homeMode },
          inline: inlineFiles || undefined, // the single-file page: pyshell.js, .wasm and the stdlib, nothing fetched
        },
        on: {
          output: (data, fd, ack) => term.write(data, ack),
          message: onMessage,
        },
      });
      if (inspectSubscribed) s.request({ type: 'inspect-subscribe', on: true }); // a restart keeps the panel fed
      if (restPrefetch === 'done') s.request({ type: 'stdlib-prefetched' });
      $('loading-title').textContent = 'Loading Python…';
      $('loading-detail').textContent = '';
      $('loading-bar').style.width = '0%';
      $('loading-bar').classList.add('indeterminate');
      $('loading').hidden = false;
      setStatus('loading', 'loading');
      return s;
    }

    function saveDownload(name, data) {
      const url = URL.createObjectURL(new Blob([data]));
      const a = document.createElement('a');
      a.href = url;
      a.download = name || 'download';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      toast(`Downloading ${name} (${formatBytes(data.length)}).`);
    }

    let restarting = false;
    async function restart() {
      if (restarting) return;
      restarting = true;
      try {
        const old = session;
        session = null;
        // Every change is kept before the call that made it returns: nothing to wait for.
        // The new worker takes the home folder over from the old one (its lock and file
        // handles go with it), unless this tab only reads it.
        if (old) old.close();
        if (homeMode === 'owner') homeMode = 'steal';
        hideFatal();
        // Undo modes the old program may have left on (leaving the alternate screen only
        // if it is on: ?1049l also restores a saved cursor), keep the scrollback, mark the cut.
        const leaveAlt = term.buffer.active.type === 'alternate' ? '\x1b[?1049l' : '';
        term.write(leaveAlt + '\x1b[0m\x1b[?2004l\x1b[?25h\x1b[?1l\x1b>' +
          '\r\n\x1b[2m──────── restarted ────────\x1b[0m\r\n');
        session = createSession();
        term.focus();
      } finally {
        restarting = false;
      }
    }

    term.onData((data) => {
      if (!session) return;
      if (session.state === 'exited' || session.state === 'failed') {
        if (data === '\r' || data === '\n') restart();
        return;
      }
      session.sendInput(data);
    });
    term.onBinary((data) => { if (session && (session.state === 'running' || session.state === 'loading')) session.sendBinary(data); });

    /* ---- toolbar ---- */
    function requireRunning(what) {
      if (session && (session.state === 'running' || session.state === 'loading')) return true;
      toast(`Python is not running: click Restart, then ${what} again.`, 'error');
      return false;
    }

    /**
     * The stdlib modules start-up does not need (python313-rest.data, about 2.5 MB brotli)
     * are read by the worker on the first import that needs them (web/pre.js), with a
     * synchronous request. Fetched here once, a moment after the first prompt is up, so
     * that request is answered from the browser's cache, and the first prompt did not
     * wait for it. Once it is in, the worker is told ('stdlib-prefetched'); before that, a
     * worker that needs the rest shows a toast while it waits. A failure here costs
     * nothing: the worker's own request reports it.
     */
    let restPrefetch = inlineFiles ? 'done' : null; // null, 'started', 'done' (inline: nothing to fetch)
    function prefetchRestOfStdlib() {
      if (restPrefetch) return;
      restPrefetch = 'started';
      setTimeout(() => {
        fetch(new URL('python313-rest.data', location.href), { credentials: 'same-origin' })
          .then((response) => {
            if (!response.ok) throw new Error('HTTP ' + response.status);
            return response.arrayBuffer();
          })
          .then(() => {
            restPrefetch = 'done'; // the worker need not announce its own request any more
            if (session) session.request({ type: 'stdlib-prefetched' });
          })
          .catch((error) => console.warn('pyshell: prefetching python313-rest.data failed:', error));
      }, 1000);
    }

    async function uploadFiles(files) {
      if (!files || !files.length || !requireRunning('upload')) return;
      for (const file of files) {
        let data;
        try {
          data = new Uint8Array(await file.arrayBuffer());
        } catch (error) {
          toast(`Could not read ${file.name}: ${error && error.message || error}`, 'error');
          continue;
        }
        session.request({ type: 'upload', name: file.name }, data);
        toast(session.busy
          ? `${file.name} will arrive in ~/ when Python next waits for input.`
          : `Uploading ${file.name} (${formatBytes(data.length)})…`);
      }
    }

    $('btn-restart').addEventListener('click', () => restart());
    $('fatal-restart').addEventListener('click', () => restart());
    $('btn-font-up').addEventListener('click', () => { changeFont(+1); term.focus(); });
    $('btn-font-down').addEventListener('click', () => { changeFont(-1); term.focus(); });
    $('btn-upload').addEventListener('click', () => $('file-input').click());
    $('file-input').addEventListener('change', (event) => {
      uploadFiles(Array.from(event.target.files || []));
      event.target.value = '';
      term.focus();
    });

    const dialog = $('download-dialog');
    $('btn-download').addEventListener('click', () => {
      if (!requireRunning('download')) return;
      if (typeof dialog.showModal === 'function') {
        dialog.returnValue = '';
        dialog.showModal();
        $('download-name').select();
      } else {
        const name = window.prompt('File in your home folder to download:', $('download-name').value);
        if (name) session.request({ type: 'download-request', name });
      }
    });
    $('download-cancel').addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('close', () => {
      const name = $('download-name').value.trim();
      if (dialog.returnValue === 'ok' && name && session) session.request({ type: 'download-request', name });
      term.focus();
    });

    /* ---- drag and drop onto the terminal ---- */
    const wrap = $('terminal-wrap');
    const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types || []).includes('Files');
    let dragDepth = 0;
    wrap.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      dragDepth += 1;
      $('drop-hint').hidden = false;
    });
    wrap.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    wrap.addEventListener('dragleave', () => {
      dragDepth = Math.max(0, dragDepth - 1);
      if (!dragDepth) $('drop-hint').hidden = true;
    });
    wrap.addEventListener('drop', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      dragDepth = 0;
      $('drop-hint').hidden = true;
      uploadFiles(Array.from(event.dataTransfer.files || []));
    });

    /* ---- the home folder: where it is kept, who owns it, a zip of it ---- */
    let persistAsked = null; // navigator.storage.persist()'s answer: true, false, or null (not asked / none)
    const homeView = { backend: null, readOnly: null };
    function showHomeState(m, changed) {
      const el = $('home-state');
      if (m.backend) homeView.backend = m.backend;
      if (m.readOnly !== undefined) homeView.readOnly = m.readOnly || null;
      const readOnly = homeView.readOnly;
      const where = homeView.backend === 'opfs' ? "this browser's file system" : homeView.backend === 'idb' ? "this browser's IndexedDB" : null;
      el.dataset.backend = homeView.backend || '';
      el.dataset.readOnly = readOnly ? 'yes' : 'no';
      el.dataset.persisted = String(persistAsked);
      el.textContent = readOnly ? 'Files: read-only' : homeView.backend === 'memory' ? 'Files: not kept' : 'Files: saved';
      const kept = persistAsked === true ? 'The browser will not clear them to make room (persistent storage granted).'
        : persistAsked === false ? 'The browser did not grant persistent storage: it may clear them when the disk is nearly full (Export keeps a copy).'
          : '';
      el.title = readOnly ? readOnly + '.' : (where ? `Saved in ${where} when a file is written or closed. ` : 'Not kept: they last until the tab closes. ') + kept;
      $('btn-take-over').hidden = !readOnly;
      // Said now beside the terminal, and in it above the next prompt (not across the line
      // being typed: the worker prints notices when an entry is done).
      if (changed && readOnly) {
        toast(readOnly + '.', 'error');
        if (session && session.state === 'running') session.request({ type: 'notice', text: 'pyshell: ' + readOnly + '.' });
      }
      if (!readOnly && where && persistAsked === null && navigator.storage && navigator.storage.persist) {
        persistAsked = false;
        navigator.storage.persist().then((granted) => {
          persistAsked = !!granted;
          showHomeState({}, false);
        }, () => showHomeState({}, false));
      }
    }
    $('btn-take-over').addEventListener('click', () => {
      homeMode = 'steal';
      restart();
    });
    $('btn-export').addEventListener('click', () => {
      if (requireRunning('export')) session.request({ type: 'export-home' });
    });
    $('btn-import').addEventListener('click', () => $('zip-input').click());
    $('zip-input').addEventListener('change', async (event) => {
      const file = (event.target.files || [])[0];
      event.target.value = '';
      term.focus();
      if (!file || !requireRunning('import')) return;
      const data = new Uint8Array(await file.arrayBuffer());
      session.request({ type: 'import-zip', name: file.name }, data);
      toast(session.busy ? `${file.name} will be unpacked when Python next waits for input.` : `Unpacking ${file.name}…`);
    });

    /* ---- go ---- */
    const mode = $('transport');
    if (mode) {
      mode.textContent = transport === 'sab' ? 'SAB' : 'JSPI';
      mode.title = transport === 'sab'
        ? 'This page is cross-origin isolated: Python waits for input in shared memory (SharedArrayBuffer).'
        : 'This page is not cross-origin isolated: Python waits for input by suspending (WebAssembly JS Promise Integration).';
    }
    refit();
    session = createSession();
    term.focus();
    // For tests and debugging.
    window.pyshell = { term, transport, restart: () => restart(), get session() { return session; }, get homeMode() { return homeMode; } };
  }

  async function boot() {
    let booted = false;
    if (params.has('embed')) document.documentElement.classList.add('embed'); // just the terminal (style.css)
    window.addEventListener('error', (event) => {
      // While the page sets itself up, an error would leave it blank: say so instead.
      // Later ones are logged by the browser and the terminal goes on.
      if (!booted) {
        showFatal('pyshell page error', String(event.message), ['Reload the page; if it happens again, please report it.'], { fullPage: true });
      }
    });
    const parts = {
      'xterm/xterm.js': typeof window.Terminal === 'function',
      'xterm/addon-fit.js': !!(window.FitAddon && window.FitAddon.FitAddon),
      'xterm/addon-web-links.js': !!(window.WebLinksAddon && window.WebLinksAddon.WebLinksAddon),
      'xterm/addon-unicode11.js': !!(window.Unicode11Addon && window.Unicode11Addon.Unicode11Addon),
      'lib/assets.js': !!window.PyshellAssets,
      'lib/protocol.js': !!window.PyshellProtocol,
      'lib/session.js': !!window.PyshellSession,
      'lib/ring.js': !!window.PyshellRing,
      'lib/mailbox.js': !!window.PyshellMailbox,
      'lib/control.js': !!window.PyshellControl,
      'lib/home_owner.js': !!window.PyshellHomeOwner,
    };
    const missing = Object.keys(parts).filter((k) => !parts[k]);
    if (missing.length) {
      showFatal('pyshell is incomplete', 'These files of the page could not be loaded: ' + missing.join(', ') + '.',
        ['The web build copies them beside index.html; rebuild it (./dev.sh build) and reload.'], { fullPage: true });
      return;
    }
    const transport = await checkEnvironment();
    if (!transport) return;
    const assets = window.PyshellAssets;
    const workerUrl = await assets.url('worker.js');
    let inlineFiles = null;
    if (assets.has('pyshell.wasm')) {
      inlineFiles = {};
      for (const name of ['pyshell.js', 'pyshell.wasm', 'python313-start.data', 'python313-rest.data']) {
        inlineFiles[name] = await assets.bytes(name);
      }
    }
    // Another tab keeps the home folder: ask before starting (take over, or read-only).
    const homeChoice = await window.PyshellHomeOwner.askIfOwned($('owner-dialog'));
    startPage(transport, workerUrl, inlineFiles, homeChoice);
    booted = true;
  }

  boot().catch((error) => {
    showFatal('pyshell could not start', String(error && error.stack || error), [], { fullPage: true });
  });
}());
