"""dict/set heavy: word counts, inverted index, set algebra, dict comprehensions, key churn."""
ROUNDS = 20  # per scale unit


def words(n, seed=12345):
    out = []
    x = seed
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qu", "pa", "do"]
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(syll[x % 12] + syll[(x >> 4) % 12] + syll[(x >> 8) % 12] + str((x >> 12) % 50))
    return out


def run(scale):
    ws = words(40_000)
    check = 0
    for r in range(max(1, int(ROUNDS * scale))):
        counts = {}
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        index = {}
        for i, w in enumerate(ws):
            index.setdefault(w[:3], set()).add(i % 997)
        a = set(ws[::2])
        b = set(ws[1::2])
        check += len(a & b) + len(a | b) + len(a - b) + len(a ^ b)
        inv = {v: k for k, v in counts.items()}
        check += len(inv) + max(counts.values())
        merged = {**counts, **{k: 0 for k in list(counts)[:1000]}}
        for k in list(merged)[::3]:
            del merged[k]
        check += len(merged) + sum(len(s) for s in index.values())
        tuples = {(w, len(w) + r) for w in ws[:10000]}
        check += len(tuples) + sum(1 for w in ws if w in a)
        frozen = {frozenset((w[:2], w[-2:])) for w in ws[:20000]}
        check += len(frozen)
    return check
