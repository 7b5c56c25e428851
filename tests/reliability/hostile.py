"""A seeded generator of hostile web pages (one kind per family, random parameters).

Families: empty, binary, enormous, deeply nested, lying charsets, broken markup, scripts only,
10,000 links, Arabic+Latin mixed, control characters, HTTP errors, mutated (truncated / byte-flipped)
real articles, and well-formed articles (so both outcomes, article and quarantine, occur).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


AR_WORDS = _words("قصف مدفعي استهدف بلدة في ريف إدلب الجنوبي وأسفر عن مقتل ثلاثة مدنيين وإصابة آخرين بجروح "
                  "وقالت مصادر محلية إن فرق الدفاع المدني نقلت المصابين إلى مستشفى ميداني قريب")
LATIN_WORDS = _words("the local council said on Tuesday that water supply will resume after repairs are done")
OUTLETS = ("hostile", "sana", "shaam", "enab_baladi", "north_press")


@dataclass
class Hostile:
    family: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    encoding: str | None = "utf-8"
    status: int = 200


def _ar(rnd: random.Random, words: int) -> str:
    return " ".join(rnd.choice(AR_WORDS) for _ in range(words))


def _latin(rnd: random.Random, words: int) -> str:
    return " ".join(rnd.choice(LATIN_WORDS) for _ in range(words))


def _article(rnd: random.Random, paragraphs: int = 4) -> str:
    body = "".join(f"<p>{_ar(rnd, rnd.randint(15, 40))}.</p>" for _ in range(paragraphs))
    return (f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{_ar(rnd, 6)}</title>"
            f"</head><body><article><h1>{_ar(rnd, 7)}</h1>{body}</article></body></html>")


def empty(rnd: random.Random) -> Hostile:
    return Hostile("empty", rnd.choice([b"", b" ", b"\n\r\t  ", b"<html></html>", b"<html><body></body></html>",
                                        b"<!DOCTYPE html>", b"\xef\xbb\xbf", "\u00a0\u2003".encode()]))


def binary(rnd: random.Random) -> Hostile:
    heads = [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08\x00", b"PK\x03\x04", b"\xff\xd8\xff\xe0", b""]
    body = rnd.choice(heads) + rnd.randbytes(rnd.randint(1, 64 * 1024))
    return Hostile("binary", body, rnd.choice(["text/html", "application/pdf", "application/octet-stream", ""]),
                   rnd.choice([None, "utf-8"]))


def enormous(rnd: random.Random) -> Hostile:
    megabytes = rnd.choice([2, 4.5, 6])
    paragraph = f"<p>{_ar(rnd, 40)}.</p>".encode()
    body = _article(rnd).encode().replace(b"</article>", paragraph * int(megabytes * 2**20 / len(paragraph))
                                          + b"</article>")
    return Hostile("enormous", body)


def deeply_nested(rnd: random.Random) -> Hostile:
    depth = rnd.choice([300, 1000, 5000, 20000, 100000])
    tag = rnd.choice(["div", "b", "span", "table", "ul", "blockquote", "p"])
    inner = f"<p>{_ar(rnd, 30)}.</p>"
    close = "" if rnd.random() < 0.3 else f"</{tag}>" * depth  # sometimes never closed
    return Hostile("deeply_nested", f"<html><body>{f'<{tag}>' * depth}{inner}{close}</body></html>".encode())


def lying_charset(rnd: random.Random) -> Hostile:
    html = _article(rnd)
    kind = rnd.randrange(6)
    if kind == 0:  # says windows-1256, is UTF-8
        return Hostile("lying_charset", html.replace("utf-8", "windows-1256").encode(),
                       "text/html; charset=windows-1256", "windows-1256")
    if kind == 1:  # says UTF-8, is windows-1256
        return Hostile("lying_charset", html.encode("cp1256", errors="replace"))
    if kind == 2:  # says UTF-16, is UTF-8
        return Hostile("lying_charset", html.replace("utf-8", "utf-16").encode(), "text/html; charset=utf-16",
                       "utf-16")
    if kind == 3:  # a charset that does not exist
        return Hostile("lying_charset", html.replace("utf-8", "x-no-such-charset").encode(),
                       "text/html; charset=x-no-such-charset", "x-no-such-charset")
    if kind == 4:  # header and meta disagree, bytes are a third encoding (ISO-8859-6)
        return Hostile("lying_charset", html.replace("utf-8", "iso-8859-1").encode("iso-8859-6", errors="replace"),
                       "text/html; charset=koi8-r", "koi8-r")
    # UTF-16 with a BOM, declared as UTF-8
    return Hostile("lying_charset", html.encode("utf-16"))


def broken_markup(rnd: random.Random) -> Hostile:
    html = _article(rnd)
    kind = rnd.randrange(6)
    if kind == 0:
        html = html[: rnd.randint(1, len(html))]  # truncated anywhere, even inside a tag or a character
    elif kind == 1:
        html = html.replace("<body>", "<body><!-- never closed ")
    elif kind == 2:
        html = html.replace("<p>", "<p class='a\" id=<b>>", 3)
    elif kind == 3:
        pieces = html.split("<")
        rnd.shuffle(pieces)
        html = "<".join(pieces)  # tag soup
    elif kind == 4:
        html = html.replace("<article>", "<![CDATA[ <article> ]]><?php echo 1; ?><%= x %>")
    else:
        html = html.replace("</p>", "</div></span></table></html>")
    return Hostile("broken_markup", html.encode("utf-8", errors="surrogatepass")[: 10**6])


def scripts_only(rnd: random.Random) -> Hostile:
    scripts = "".join(f"<script>var t{i} = '{_ar(rnd, 30)}';document.write(t{i});</script>"
                      for i in range(rnd.randint(1, 30)))
    extra = rnd.choice(["", f"<style>p::after{{content:'{_ar(rnd, 10)}'}}</style>",
                        f"<noscript>{_ar(rnd, 5)}</noscript>", "<template><p>مخفي</p></template>"])
    return Hostile("scripts_only", f"<html><head>{scripts}</head><body>{scripts}{extra}</body></html>".encode())


def many_links(rnd: random.Random) -> Hostile:
    links = "".join(f"<li><a href='/news/{i}'>{_ar(rnd, 4)}</a></li>" for i in range(10_000))
    main = f"<article><p>{_ar(rnd, 40)}.</p></article>" if rnd.random() < 0.5 else ""
    return Hostile("10k_links", f"<html><body><ul>{links}</ul>{main}</body></html>".encode())


def mixed_scripts(rnd: random.Random) -> Hostile:
    share = rnd.random()
    paragraphs = "".join(f"<p>{_ar(rnd, 25) if rnd.random() < share else _latin(rnd, 25)} "
                         f"{_latin(rnd, 3)} {_ar(rnd, 3)}.</p>" for _ in range(rnd.randint(1, 8)))
    return Hostile("mixed_ar_latin", f"<html><body><article>{paragraphs}</article></body></html>".encode())


def control_characters(rnd: random.Random) -> Hostile:
    controls = [chr(c) for c in [*range(1, 32), 127]] + ["\u200b", "\u200f", "\u202e", "\ufeff", "\ufffe",
                                                         "\u2028", "\u00ad", "\x00"]
    text = _ar(rnd, 60)
    noisy = "".join(ch + (rnd.choice(controls) if rnd.random() < 0.3 else "") for ch in text)
    body = _article(rnd).replace("<h1>", f"<h1>{noisy[:40]}").replace("</article>", f"<p>{noisy}</p></article>")
    raw = body.encode("utf-8", errors="surrogatepass")
    if rnd.random() < 0.3:
        raw = raw.replace(b"</p>", b"\xed\xa0\x80\xc0\xaf</p>", 2)  # encoded surrogate, overlong slash
    return Hostile("control_chars", raw)


def http_error(rnd: random.Random) -> Hostile:
    return Hostile("http_error", _article(rnd).encode(), status=rnd.choice([403, 404, 410, 429, 500, 503]))


def mutated(rnd: random.Random) -> Hostile:
    raw = bytearray(_article(rnd, 6).encode())
    for _ in range(rnd.randint(1, 200)):
        raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    return Hostile("mutated", bytes(raw[: rnd.randint(len(raw) // 2, len(raw))]))


def plain_text(rnd: random.Random) -> Hostile:
    text = "\n".join(_ar(rnd, 30) for _ in range(rnd.randint(0, 5))) + rnd.choice(["", "\x00", "\r\n\r\n"])
    return Hostile("plain_text", text.encode(), "text/plain; charset=utf-8")


def article(rnd: random.Random) -> Hostile:
    return Hostile("article", _article(rnd, rnd.randint(2, 8)).encode())


FAMILIES: list[tuple[Callable[[random.Random], Hostile], int]] = [
    (empty, 60), (binary, 100), (enormous, 3), (deeply_nested, 40), (lying_charset, 120), (broken_markup, 150),
    (scripts_only, 60), (many_links, 8), (mixed_scripts, 120), (control_characters, 120), (http_error, 30),
    (mutated, 150), (plain_text, 40), (article, 60),
]


def generate(seed: int) -> list[Hostile]:
    """Every family's pages (1,061 in all), from one seed."""
    rnd = random.Random(seed)
    return [make(rnd) for make, count in FAMILIES for _ in range(count)]
