"""generator pipeline: chained generators, generator expressions, itertools, yield from."""
import itertools

N = 3_000_000  # items per scale unit


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def only_odd(items):
    for x in items:
        if x & 1:
            yield x


def squares(items):
    for x in items:
        yield x * x


def windows(items, size):
    buf = []
    for x in items:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            buf.clear()


def flatten(groups):
    for g in groups:
        yield from g


def run(scale):
    n = max(100, int(N * scale))
    total = sum(x % 1000 for x in flatten(windows(squares(only_odd(numbers(n))), 4)))
    pairs = sum(a * b % 7 for a, b in zip(numbers(n // 2), itertools.islice(itertools.count(3, 2), n // 2)))
    chunks = sum(len(list(g)) for _, g in itertools.groupby(numbers(n // 2), key=lambda v: v // 10))
    acc = itertools.accumulate(x % 13 for x in numbers(n // 2))
    last = 0
    for last in acc:
        pass
    return [total, pairs, chunks, last]
