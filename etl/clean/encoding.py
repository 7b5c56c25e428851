"""Bytes → text for fetched HTML pages, robust to the ways Arabic pages lie about their encoding.

`decode_html` is the entry point; `repair_mojibake` undoes the common "UTF-8 read as
windows-1256 / latin-1 and saved again" damage on text that is already a `str`.
"""

from __future__ import annotations

import codecs
import re

# Byte order marks, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE | re.DOTALL)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# How far into the document to look for <meta charset>. The HTML spec says 1024 bytes;
# real CMS templates put a lot of junk before it, so look further.
_PRESCAN_BYTES = 16384

# WHATWG label quirks that Python's codec registry gets wrong or does not know.
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso8859-1": "windows-1252",
    "arabic": "iso-8859-6",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "asmo-708": "iso-8859-6",
    "ecma-114": "iso-8859-6",
    "cp1256": "windows-1256",
    "x-cp1256": "windows-1256",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "windows-1252",
}

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
# Characters a single-byte Latin decoding produces from Arabic bytes: Latin-1 letters,
# C1 controls, and the symbols windows-1252 puts in 0x80-0x9F.
_LATIN_HIGH = re.compile(
    r"[\u0080-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]"
)

# Lead bytes of UTF-8 Arabic (U+0600-U+06FF) are 0xD8-0xDB; continuation bytes 0x80-0xBF.
_CONT_BYTES = bytes(range(0x80, 0xC0))
_LEAD_BYTES = bytes(range(0xD8, 0xDC))


def _byte_map(codec: str) -> dict[str, int]:
    """char → byte for the high half of a single-byte codec (undefined bytes become C1 chars)."""
    out: dict[str, int] = {}
    for b in range(0x80, 0x100):
        ch = bytes([b]).decode(codec, errors="ignore") or chr(b)
        out[ch] = b
    return out


def _latin_map() -> dict[str, int]:
    # windows-1252 as browsers decode it, plus plain latin-1 C1 controls: one union map,
    # because real damage mixes both ("Ù\x8b" next to "Ø§").
    return {**_byte_map("latin-1"), **_byte_map("windows-1252")}


def _pattern_for(byte_of: dict[str, int]) -> re.Pattern[str]:
    leads = "".join(re.escape(ch) for ch, b in byte_of.items() if b in _LEAD_BYTES)
    conts = "".join(re.escape(ch) for ch, b in byte_of.items() if b in _CONT_BYTES)
    return re.compile(f"(?:[{leads}][{conts}])+")


def _telltales(byte_of: dict[str, int]) -> tuple[str, ...]:
    """How the commonest Arabic letters look after this damage; any mojibake text has some."""
    chars_of: dict[int, list[str]] = {}
    for ch, b in byte_of.items():
        chars_of.setdefault(b, []).append(ch)
    out: list[str] = []
    for letter in "البمنيوة":
        lead, cont = letter.encode("utf-8")
        out += [x + y for x in chars_of[lead] for y in chars_of[cont]]
    return tuple(out)


# Immutable after import: (telltale substrings, pattern of mojibake runs, char → original byte).
_MOJIBAKE_CODECS: tuple[tuple[tuple[str, ...], re.Pattern[str], dict[str, int]], ...] = tuple(
    (_telltales(m), _pattern_for(m), m) for m in (_byte_map("windows-1256"), _latin_map())
)
_SECOND_CHARS: dict[tuple[str, ...], tuple[str, ...]] = {
    telltales: tuple(sorted({t[1] for t in telltales})) for telltales, _, _ in _MOJIBAKE_CODECS
}
# A run of this many lead+continuation pairs is mojibake on its own; shorter runs
# ("ع،" = a word ending in ain followed by a comma) are also real Arabic, so they are
# repaired only when the text as a whole is clearly mojibake.
_SURE_RUN_PAIRS = 3


def canonical_encoding(label: str | None) -> str | None:
    """The Python codec name for an HTTP/HTML charset label, or None if unknown or unusable."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    resolved = info.name
    # A page labelled utf-16 without a BOM is almost always really ASCII-compatible.
    if resolved.startswith(("utf-16", "utf-32", "utf-7")):
        return None
    if resolved in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return resolved


def sniff_declared(body: bytes) -> str | None:
    """The charset a page declares in an XML declaration or <meta> (first 16 KB), if any."""
    head = body[:_PRESCAN_BYTES]
    m = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if m:
        return m.group(1).decode("ascii", errors="ignore")
    return None


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CHARSET_PARAM.search(content_type.encode("latin-1", errors="ignore"))
    return m.group(1).decode("ascii", errors="ignore") if m else None


def _plausibility(text: str) -> float:
    """Higher is more like real text: Arabic letters count for, Latin-1 debris against."""
    arabic = len(_ARABIC_LETTER.findall(text))
    debris = len(_LATIN_HIGH.findall(text))
    bad = text.count("\ufffd")
    return arabic - 2.0 * debris - 4.0 * bad


def _looks_like_latin_mojibake(text: str) -> bool:
    """True when a Latin decoding produced lots of Latin-1 letters and no Arabic."""
    debris = len(_LATIN_HIGH.findall(text))
    return debris >= 20 and not _ARABIC_LETTER.search(text)


def _decode_single_byte(body: bytes, codecs_to_try: list[str]) -> str | None:
    """Best strict decoding among single-byte candidates, by Arabic plausibility."""
    best: tuple[float, int, str] | None = None
    for rank, codec in enumerate(codecs_to_try):
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        # Earlier candidates (the declarations) win ties: -rank.
        score = (_plausibility(text), -rank, text)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


def decode_html(body: bytes, declared_encoding: str | None = None, content_type: str | None = None) -> str:
    """Decode a fetched HTML page to text; never raises.

    Order of evidence: a byte order mark; then the HTTP ``content_type`` charset,
    ``declared_encoding`` (e.g. what Scrapy reported) and the page's own ``<meta>``
    declaration, each used only if it decodes cleanly and does not turn Arabic into
    Latin debris; then UTF-8, windows-1256 and ISO-8859-6 ranked by how Arabic the
    result looks. Valid multi-byte UTF-8 beats a single-byte declaration, because
    Arabic windows-1256 text is essentially never valid UTF-8. Finally the result
    goes through `repair_mojibake`. Undecodable bytes become U+FFFD.
    """
    try:
        return _decode(body, declared_encoding, content_type)
    except Exception:  # noqa: BLE001 - the contract is "never raises"; this is the last resort.
        try:
            return bytes(body).decode("utf-8", errors="replace")
        except Exception:  # noqa: BLE001
            return ""


def _decode(body: bytes, declared_encoding: str | None, content_type: str | None) -> str:
    if isinstance(body, str):
        return repair_mojibake(body)
    body = bytes(body or b"")
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return repair_mojibake(body[len(bom) :].decode(codec, errors="replace"))

    declared: list[str] = []
    for label in (_charset_from_content_type(content_type), declared_encoding, sniff_declared(body)):
        codec = canonical_encoding(label)
        if codec and codec not in declared:
            declared.append(codec)

    if body.isascii():
        return body.decode("ascii")

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return repair_mojibake(text)

    # Mostly UTF-8 with a few broken bytes (truncated download, bad concatenation).
    text = body.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    if text.count("\ufffd") * 20 < non_ascii:
        return repair_mojibake(text)

    # Not UTF-8: trust a single-byte declaration if its result is plausible.
    for codec in declared:
        if codec == "utf-8":
            continue
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_latin_mojibake(text):
            continue
        return repair_mojibake(text)

    # Lying or missing declaration: rank the Arabic single-byte codecs.
    candidates = [c for c in declared if c != "utf-8"] + ["cp1256", "iso8859-6"]
    text = _decode_single_byte(body, candidates)
    if text is not None and _ARABIC_LETTER.search(text):
        return repair_mojibake(text)

    # Binary garbage: U+FFFD marks what could not be read.
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 Arabic that was decoded as windows-1256, windows-1252 or latin-1.

    E.g. ``"ط§ظ„ط³ظ„ط§ظ…"`` or ``"Ø§Ù„Ø³Ù„Ø§Ù…"`` → ``"السلام"``. Runs are repaired one at
    a time and only when re-encoding gives valid UTF-8 Arabic, so text that merely
    contains such characters is left alone; short ambiguous runs (real Arabic like
    ``"ع،"``) are repaired only when most of the text is mojibake. Never raises.
    """
    if not text:
        return text
    try:
        for telltales, pattern, byte_of in _MOJIBAKE_CODECS:
            # Substring tests are ~100x cheaper than the run regex over a 100 KB page, and
            # one-character tests (the telltales' second characters, rare in real text) are
            # cheaper still: without any of them no telltale can occur.
            if any(c in text for c in _SECOND_CHARS[telltales]) and any(t in text for t in telltales):
                text = _repair_with(text, pattern, byte_of)
    except Exception:  # noqa: BLE001 - a repair that fails leaves the text as it was.
        return text
    return text


def _repair_with(text: str, pattern: re.Pattern[str], byte_of: dict[str, int]) -> str:
    runs = list(pattern.finditer(text))
    if not runs:
        return text
    sure = sum(len(m.group()) for m in runs if len(m.group()) >= 2 * _SURE_RUN_PAIRS)
    if sure == 0:
        return text
    moji_chars = sum(len(m.group()) for m in runs)
    # With windows-1256 the mojibake itself contains Arabic letters (ط ظ ع غ), so compare
    # against the Arabic letters outside the runs.
    arabic_outside = len(_ARABIC_LETTER.findall(text)) - sum(len(_ARABIC_LETTER.findall(m.group())) for m in runs)
    whole_text_is_mojibake = moji_chars >= arabic_outside
    out: list[str] = []
    last = 0
    for m in runs:
        run = m.group()
        if len(run) < 2 * _SURE_RUN_PAIRS and not whole_text_is_mojibake:
            continue
        try:
            fixed = bytes(byte_of[ch] for ch in run).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if not _ARABIC_LETTER.search(fixed):
            continue
        out.append(text[last : m.start()])
        out.append(fixed)
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
