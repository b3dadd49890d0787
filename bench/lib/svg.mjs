// pyshell bench/lib/svg.mjs: bench/speed.svg, a small hand-written bar chart of the speed
// suite: for every program, pyshell's and Pyodide's time relative to native CPython 3.13
// (1 = as fast; the 1.8× line is issue #6's target for pyshell). No dependencies.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function speedSvg(results) {
  const s = results.speed;
  const rows = Object.entries(s.programs).map(([name, p]) => ({ name, a: p.pyshellVsNative, b: p.pyodideVsNative }));
  rows.push({ name: 'geometric mean', a: s.geomean.pyshellVsNative, b: s.geomean.pyodideVsNative, bold: true });
  const maxRatio = Math.max(2, ...rows.flatMap((r) => [r.a, r.b]));
  const top = Math.ceil(maxRatio * 2) / 2;
  const left = 130;
  const width = 640;
  const plot = width - left - 60;
  const rowH = 30;
  const head = 46;
  const height = head + rows.length * rowH + 34;
  const x = (v) => left + (v / top) * plot;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">Time relative to native CPython 3.13 (lower is better)</text>`);
  out.push(`<rect x="${left}" y="25" width="12" height="10" fill="#2f6fb0"/><text x="${left + 16}" y="34">pyshell</text>`);
  out.push(`<rect x="${left + 80}" y="25" width="12" height="10" fill="#e39b2d"/><text x="${left + 96}" y="34">Pyodide ${esc(results.versions.pyodide)}</text>`);
  const bottom = head + rows.length * rowH;
  for (let t = 0; t <= top + 1e-9; t += top > 6 ? 1 : 0.5) {
    out.push(`<line x1="${x(t).toFixed(1)}" y1="${head - 4}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${x(t).toFixed(1)}" y="${bottom + 14}" text-anchor="middle" fill="#555">${t}×</text>`);
  }
  out.push(`<line x1="${x(1).toFixed(1)}" y1="${head - 4}" x2="${x(1).toFixed(1)}" y2="${bottom}" stroke="#333"/>`);
  out.push(`<line x1="${x(1.8).toFixed(1)}" y1="${head - 4}" x2="${x(1.8).toFixed(1)}" y2="${bottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${x(1.8).toFixed(1)}" y="${bottom + 28}" text-anchor="middle" fill="#c0392b">target 1.8×</text>`);
  rows.forEach((r, i) => {
    const y = head + i * rowH;
    out.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end"${r.bold ? ' font-weight="bold"' : ''}>${esc(r.name)}</text>`);
    for (const [k, v, color] of [[0, r.a, '#2f6fb0'], [1, r.b, '#e39b2d']]) {
      const by = y + 3 + k * 12;
      out.push(`<rect x="${left}" y="${by}" width="${Math.max(1, x(v) - left).toFixed(1)}" height="11" fill="${color}"/>`);
      out.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${by + 10}" font-size="10">${v.toFixed(2)}×</text>`);
    }
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
