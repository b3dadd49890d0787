#!/usr/bin/env python3
"""Regenerates the range tables in wcwidth.cpp from Python's unicodedata.

Usage: python3 src/core/wcwidth_gen.py > /tmp/tables.inc, then paste the two
arrays over the ones in wcwidth.cpp.  Rules (as in Markus Kuhn's wcwidth and
glibc): general categories Mn, Me, Cf (except U+00AD) plus Hangul medial
vowels / final consonants U+1160..U+11FF and U+200B are zero width;
East_Asian_Width W or F, and the CJK ideograph planes, are two columns.
"""
import sys
import unicodedata

def ranges(pred):
    out, start = [], None
    for cp in range(0x110000):
        if pred(cp):
            if start is None:
                start = cp
        elif start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out

def is_zero(cp):
    if cp == 0x00AD:
        return False
    if 0x1160 <= cp <= 0x11FF or cp == 0x200B:
        return True
    return unicodedata.category(chr(cp)) in ('Mn', 'Me', 'Cf')

CJK_PLANES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
              (0x20000, 0x2FFFD), (0x30000, 0x3FFFD)]

def is_wide(cp):
    if is_zero(cp):
        return False
    if any(a <= cp <= b for a, b in CJK_PLANES):
        return True
    return unicodedata.east_asian_width(chr(cp)) in ('W', 'F')

def emit(name, rs):
    print('// %d ranges, Unicode %s' % (len(rs), unicodedata.unidata_version))
    print('constexpr Range %s[] = {' % name)
    line = '   '
    for a, b in rs:
        item = ' {0x%04X, 0x%04X},' % (a, b)
        if len(line) + len(item) > 78:
            print(line)
            line = '   '
        line += item
    print(line)
    print('};')

emit('kZeroWidth', ranges(is_zero))
emit('kWide', ranges(is_wide))
