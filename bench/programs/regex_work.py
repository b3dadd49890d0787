"""regex: log-line parsing with the re module (compiled patterns, groups, findall, sub, split)."""
import re

LINES = 60_000  # per scale unit

LOG = re.compile(r'^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\s+\[(\w+)\]\s+(\S+):\s+(.*)$')
EMAIL = re.compile(r'[\w.+-]+@[\w-]+\.[\w.]+')
NUMBER = re.compile(r'-?\d+(?:\.\d+)?')
WORD = re.compile(r'\b[a-z]{4,}\b', re.IGNORECASE)
IP = re.compile(r'\b(?:\d{1,3}\.){3}\d{1,3}\b')


def make_lines(n):
    levels = ["INFO", "WARN", "ERROR", "DEBUG"]
    users = ["alice", "bob", "carol", "dave", "eve"]
    out = []
    for i in range(n):
        out.append("2026-%02d-%02dT%02d:%02d:%02d  [%s] svc%d.handler: user %s@example.org from "
                   "10.%d.%d.%d took %d.%03d ms, queue=%d, message: Processing request number %d"
                   % (i % 12 + 1, i % 28 + 1, i % 24, i % 60, (i * 7) % 60, levels[i % 4], i % 9,
                      users[i % 5], i % 256, (i * 3) % 256, (i * 7) % 256, i % 500, i % 1000,
                      i % 37, i))
    return out


def run(scale):
    lines = make_lines(max(10, int(LINES * scale)))
    levels = {}
    emails = set()
    total = 0.0
    words = 0
    ips = 0
    rewritten = 0
    for line in lines:
        m = LOG.match(line)
        if not m:
            continue
        levels[m.group(7)] = levels.get(m.group(7), 0) + 1
        msg = m.group(9)
        emails.update(EMAIL.findall(msg))
        total += sum(float(x) for x in NUMBER.findall(msg))
        words += len(WORD.findall(msg))
        ips += len(IP.findall(msg))
        rewritten += len(re.sub(r'(\d+)\.(\d+)', r'\2,\1', msg))
        words += len(re.split(r'[\s,=:]+', msg))
    return [sorted(levels.items()), len(emails), round(total, 1), words, ips, rewritten]
