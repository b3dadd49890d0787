"""fannkuch-redux: permutations and prefix reversals (list slicing, small-int loops)."""
N = 9  # the permutation size; the scale picks how many full passes


def fannkuch(n):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = checksum = 0
    r = n
    sign = 1
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        if perm1[0]:
            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k:
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            if flips > max_flips:
                max_flips = flips
            checksum += flips if sign == 1 else -flips
        sign = -sign
        while True:
            if r == n:
                return checksum, max_flips
            p0 = perm1[0]
            perm1[:r] = perm1[1:r + 1]
            perm1[r] = p0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def run(scale):
    passes = max(1, round(4 * scale))
    n = N if scale >= 0.5 else 7
    result = None
    for _ in range(passes):
        result = fannkuch(n)
    return list(result)
