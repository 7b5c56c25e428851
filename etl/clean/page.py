"""Raw page → clean Article, or Quarantine with the reason it could not be one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from etl.clean.dateline import split_dateline
from etl.clean.dates import parse_published
from etl.clean.html import decode_html, extract_page
from etl.clean.language import detect_language
from etl.clean.normalize import display_form
from etl.models import Article, Quarantine, RawPage

MAX_PAGE_BYTES = 5 * 1024 * 1024
MIN_BODY_CHARS = 40
DEFAULT_TIMEZONE = "Asia/Damascus"


def clean_page(
    page: RawPage,
    selectors: Mapping[str, Any] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> Article | Quarantine:
    """Turn one archived page into an Article; never raises on bad input.

    Plain-text pages (content_type text/plain, e.g. from `ingest`) skip HTML extraction.
    Non-Arabic, empty, oversized, binary and error pages come back as Quarantine.
    """
    try:
        return _clean(page, selectors, timezone)
    except Exception as exc:  # a parser bug must quarantine one page, not stop the batch
        return _quarantine(page, "clean_error", f"{type(exc).__name__}: {exc}"[:500])


def _quarantine(page: RawPage, reason: str, detail: str = "") -> Quarantine:
    return Quarantine(url=page.url, outlet=page.outlet, reason=reason, detail=detail, raw_page_id=page.id)


def _clean(page: RawPage, selectors: Mapping[str, Any] | None, timezone: str) -> Article | Quarantine:
    if page.status >= 400:
        return _quarantine(page, "http_error", f"HTTP {page.status}")
    if not page.body.strip():
        return _quarantine(page, "empty_body")
    if len(page.body) > MAX_PAGE_BYTES:
        return _quarantine(page, "too_large", f"{len(page.body)} bytes")
    if b"\x00" in page.body[:2048] and not page.content_type.startswith("text/plain"):
        return _quarantine(page, "not_html", "binary content")

    if page.content_type.startswith("text/plain"):
        text = page.body.decode("utf-8", errors="replace")
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
        title, published_raw = page.hints.get("title", ""), None
    else:
        content = extract_page(decode_html(page.body, page.encoding, page.content_type), page.url, selectors)
        paragraphs, published_raw = content.paragraphs, content.published
        title = page.hints.get("title") or content.title or ""

    paragraphs = [display_form(p).replace("\x00", "") for p in paragraphs]
    paragraphs = [p for p in paragraphs if p.strip()]
    dateline = None
    if paragraphs:
        dateline, first = split_dateline(paragraphs[0])
        paragraphs[0] = first
        paragraphs = [p for p in paragraphs if p.strip()]
    body = "\n\n".join(paragraphs)
    if len(body.strip()) < MIN_BODY_CHARS:
        return _quarantine(page, "no_body", f"{len(body.strip())} characters of body text")

    language = detect_language(body)
    if language != "ar":
        return _quarantine(page, "not_arabic", f"detected language: {language}")

    published = None
    for candidate in (page.hints.get("published"), published_raw):
        if candidate:
            published = parse_published(str(candidate), timezone)
            if published:
                break
    return Article(
        url=page.url, outlet=page.outlet, title=display_form(title).strip().replace("\x00", ""),
        paragraphs=paragraphs, published=published, language=language, dateline=dateline,
        raw_page_id=page.id,
    )
