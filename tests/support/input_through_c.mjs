// input() reached through C functions, and sys.stdin: over the JSPI transport the wasm
// suspends inside each of these C calls (a METH_VARARGS builtin, map, sorted's key, a
// property getter; CPython 3.13 as built here calls them directly, with no JavaScript
// trampoline frame a suspension could not cross). Shared by the headless suite and the page.
//
// Each case: [code, [[prompt, answer], ...], result]: type code, answer each prompt once it
// shows (prompt null: nothing is asked, the answer is typed ahead), then the line before
// the next '>>> ' is result.
export const INPUT_THROUGH_C = [
  ["list(map(input, ['a? ', 'b? ']))", [['a? ', 'x'], ['b? ', 'y']], "['x', 'y']"],
  ["sorted(['k1? ', 'k2? '], key=input)", [['k1? ', '2'], ['k2? ', '1']], "['k2? ', 'k1? ']"],
  ["import functools; functools.reduce(lambda acc, p: acc + input(p), ['r1? ', 'r2? '], '')",
    [['r1? ', 'p'], ['r2? ', 'q']], "'pq'"],
  ["type('P', (), {'v': property(lambda self: input('prop? '))})().v", [['prop? ', 'got']], "'got'"],
  ['import sys; sys.stdin.readline()', [[null, 'a line']], "'a line\\n'"],
];
