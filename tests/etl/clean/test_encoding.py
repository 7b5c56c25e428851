"""decode_html / repair_mojibake: BOMs, declarations, lying declarations, Arabic code pages."""

from __future__ import annotations

import codecs
import random

import pytest

from etl.clean.encoding import _decode, canonical_encoding, decode_html, repair_mojibake, sniff_declared

ARABIC = "قال مصدر محلي إن قصفاً مدفعياً استهدف أطراف بلدة كفرنبل، صباح اليوم الثلاثاء."


def page(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}<title>خبر</title></head><body><p>{ARABIC}</p></body></html>"


def test_plain_utf8() -> None:
    assert ARABIC in decode_html(page().encode("utf-8"))


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_wins_over_declarations(bom: bytes, codec: str) -> None:
    body = bom + page('<meta charset="windows-1256">').encode(codec)
    text = decode_html(body, declared_encoding="iso-8859-1", content_type="text/html; charset=iso-8859-1")
    assert ARABIC in text
    assert not text.startswith("\ufeff")


def test_http_charset_windows_1256() -> None:
    body = page().encode("cp1256")
    assert ARABIC in decode_html(body, content_type="text/html; charset=windows-1256")


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1256">',
        "<meta charset=windows-1256>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        '<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=cp1256">',
    ],
)
def test_meta_declared_windows_1256(meta: str) -> None:
    assert ARABIC in decode_html(page(meta).encode("cp1256"))


def test_iso_8859_6_declared() -> None:
    text = "قال مصدر محلي ان قصفا استهدف بلدة كفرنبل"  # letters ISO-8859-6 can encode
    body = page('<meta charset="iso-8859-6">').replace(ARABIC, text).encode("iso8859-6")
    assert text in decode_html(body)


def test_undeclared_windows_1256_is_detected() -> None:
    assert ARABIC in decode_html(page().encode("cp1256"))


def test_lying_latin1_declaration_falls_back_to_arabic() -> None:
    body = page('<meta charset="iso-8859-1">').encode("cp1256")
    text = decode_html(body, content_type="text/html; charset=ISO-8859-1")
    assert ARABIC in text


def test_lying_1256_declaration_on_utf8_page() -> None:
    body = page('<meta charset="windows-1256">').encode("utf-8")
    assert ARABIC in decode_html(body, declared_encoding="windows-1256")


def test_unknown_charset_label_is_ignored() -> None:
    body = page('<meta charset="x-made-up">').encode("utf-8")
    assert ARABIC in decode_html(body, content_type="text/html; charset=klingon")


def test_mostly_utf8_with_broken_bytes_keeps_the_rest() -> None:
    body = page().encode("utf-8")
    broken = body[:200] + b"\xff\xfe" + body[200:]
    text = decode_html(broken)
    assert "كفرنبل" in text
    assert "\ufffd" in text


def as_browser_decodes(data: bytes, codec: str) -> str:
    """Decode like a browser: bytes a codec leaves undefined become C1 controls."""
    return "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in data)


@pytest.mark.parametrize("codec", ["cp1256", "cp1252", "latin-1"])
def test_mojibake_repair(codec: str) -> None:
    damaged = as_browser_decodes(ARABIC.encode("utf-8"), codec)
    assert damaged != ARABIC
    assert repair_mojibake(damaged) == ARABIC
    # Also when the damaged text arrives as (valid UTF-8) page bytes.
    assert ARABIC in decode_html(page().replace(ARABIC, damaged).encode("utf-8"))


def test_mojibake_repair_inside_mixed_text_keeps_good_parts() -> None:
    damaged = "عنوان سليم: " + "ارتفاع أسعار الخبز في حلب".encode().decode("cp1256")
    assert repair_mojibake(damaged) == "عنوان سليم: ارتفاع أسعار الخبز في حلب"


def test_repair_leaves_real_arabic_alone() -> None:
    # "ع،" is also the windows-1256 reading of U+06A1; in real text it must survive.
    text = "أغلقت السلطات الشارع، وأعادت فتحه بعد ساعة. قال المزارع، إن الموسم جيد؛ هل ينتهي الجفاف؟"
    assert repair_mojibake(text) == text
    assert repair_mojibake("Ø") == "Ø"
    assert repair_mojibake("") == ""


def test_ascii_and_empty() -> None:
    assert decode_html(b"") == ""
    assert decode_html(b"<p>hello</p>") == "<p>hello</p>"


def test_never_raises_on_garbage() -> None:
    rnd = random.Random(7)
    for size in (1, 17, 4096, 300_000):
        blob = bytes(rnd.getrandbits(8) for _ in range(size))
        # _decode is decode_html without its last-resort catch-all: garbage must be handled, not masked.
        assert isinstance(_decode(blob, "utf-16", "charset=\x00"), str)
        assert isinstance(decode_html(blob, declared_encoding="utf-16", content_type="charset=\x00"), str)
    assert isinstance(decode_html(None), str)  # type: ignore[arg-type]
    assert isinstance(decode_html(bytearray(b"\xd8\xa7")), str)  # type: ignore[arg-type]


def test_helpers() -> None:
    assert canonical_encoding("ISO-8859-1") == "cp1252"
    assert canonical_encoding("windows-1256") == "cp1256"
    assert canonical_encoding("arabic") == "iso8859-6"
    assert canonical_encoding("utf-16") is None
    assert canonical_encoding("nope") is None
    assert sniff_declared(b'<?xml version="1.0" encoding="windows-1256"?><html>') == "windows-1256"
    assert sniff_declared(b"<html><body>") is None
