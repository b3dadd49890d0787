// The pinned versions of tools/versions.env (the one place they are written), for tests that
// check what the build reports (the banner's CPython version).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'versions.env');

/** KEY=VALUE lines of tools/versions.env as an object. */
export const versions = Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n')
  .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line)).filter(Boolean).map((m) => [m[1], m[2]]));

/** CPython's version as a regular expression source ("3\\.13\\.15"). */
export const PY_VERSION_RE = versions.CPYTHON_VERSION.replace(/\./g, '\\.');
