"""unicode strings: non-ASCII text through str methods, formatting, encode/decode, slicing, joins."""
import unicodedata

ROUNDS = 250  # per scale unit

WORDS = ["naïve", "café", "Straße", "ﬁnal", "Ελληνικά", "русский", "日本語", "emoji🙂", "ascii",
         "Ärger", "İstanbul", "ǅemal", "façade", "Ångström", "мир", "κόσμε", "中文字符", "Øresund"]


def run(scale):
    text = " ".join(WORDS[(i * 7) % len(WORDS)] for i in range(4000))
    acc = 0
    for r in range(max(1, int(ROUNDS * scale))):
        up = text.upper()
        low = text.casefold()
        title = text.title()
        acc += len(up) + len(low) + len(title)
        data = text.encode("utf-8")
        acc += len(data) + len(data.decode("utf-8"))
        acc += len(text.encode("utf-16-le")) + len(text.encode("latin-1", "replace"))
        nfd = unicodedata.normalize("NFD", text)
        acc += len(nfd) - len(unicodedata.normalize("NFC", nfd))
        parts = text.split()
        acc += sum(1 for p in parts if p.isalpha())
        acc += len("|".join(p[::-1] for p in parts))
        acc += len("".join(f"{p:>12}{len(p):03d}" for p in parts[:2000]))
        acc += text.count("é") + text.find("中文", r) + len(text.replace("ß", "ss"))
        acc += sum(ord(c) for c in text[r:r + 3000])
        acc += len({p.lower() for p in parts})
    return acc
