"""json: dumps and loads of nested records (the C accelerator: dicts, lists, strings, floats, escapes)."""
import json

RECORDS = 2_000  # per document
ROUNDS = 18      # dump/load rounds per scale unit


def make_doc(n):
    return {
        "version": 3,
        "generated": "2026-11-24T03:00:00Z",
        "items": [
            {
                "id": i,
                "name": "item-%d \u00e9l\u00e8ve \u2603" % i,
                "price": i * 1.25 + 0.01,
                "tags": ["t%d" % (i % 7), "t%d" % (i % 11), "quote\"and\\slash"],
                "active": i % 3 == 0,
                "dims": {"w": i % 100, "h": (i * 7) % 100, "d": None},
                "history": [[j, j * 0.5] for j in range(i % 6)],
            }
            for i in range(n)
        ],
    }


def run(scale):
    doc = make_doc(RECORDS)
    total = 0
    check = 0
    for _ in range(max(1, int(ROUNDS * scale))):
        s = json.dumps(doc)
        pretty = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)
        back = json.loads(s)
        back2 = json.loads(pretty)
        total += len(s) + len(pretty)
        check += len(back["items"]) + back2["items"][-1]["id"]
    return [total, check]
