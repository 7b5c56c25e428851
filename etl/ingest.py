"""Articles from a JSON Lines file (other crawlers' archives, hand-collected items) into the archive.

One JSON object per line: `url` (required, the unique key), `outlet`, `published` (ISO date or
datetime, or null), `title`, and `html` or `text` (at least one). Valid lines become raw pages,
exactly as if a spider had fetched them; invalid lines are reported with their line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from etl.models import RawPage
from scrapers.canonical import canonical_url
from scrapers.outlets import outlet_for_url


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class IngestBatch:
    """What a file held: pages to archive (with their line numbers) and per-line errors."""

    pages: list[tuple[int, RawPage]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    lines: int = 0


def _published(value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' must be an ISO date or datetime string, got {type(value).__name__}")
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"'published' is not an ISO date or datetime: {value!r}") from exc
    return value


def _remove_nul(record: dict) -> list[str]:
    """Strip NUL characters from the text fields in place; return which fields lost how many.

    PostgreSQL text and jsonb cannot hold NUL, so they are the one thing not kept verbatim.
    """
    removed = []
    for key in ("title", "html", "text", "outlet", "published"):
        value = record.get(key)
        if isinstance(value, str) and "\x00" in value:
            removed.append(f"{key} ×{value.count(chr(0))}")
            record[key] = value.replace("\x00", "")
    return removed


def parse_line(number: int, line: str, fetched_at: datetime) -> RawPage | LineError:
    """Validate one JSONL line and turn it into a RawPage, or say precisely what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return LineError(number, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(record, dict):
        return LineError(number, "expected a JSON object")
    url = record.get("url")
    if not isinstance(url, str) or not url.strip():
        return LineError(number, "missing 'url'")
    if "\x00" in url:
        return LineError(number, "'url' contains NUL characters")
    if urlsplit(url.strip()).scheme not in ("http", "https"):
        return LineError(number, f"'url' must be an http(s) URL: {url!r}")
    removed_nul = _remove_nul(record)
    html, text = record.get("html"), record.get("text")
    if not any(isinstance(v, str) and v.strip() for v in (html, text)):
        return LineError(number, "empty article: give a non-empty 'html' or 'text'")
    try:
        published = _published(record.get("published"))
    except ValueError as exc:
        return LineError(number, str(exc))
    url = canonical_url(url.strip())
    known = outlet_for_url(url)
    outlet = str(record.get("outlet") or (known.key if known else urlsplit(url).hostname or "unknown"))
    use_html = isinstance(html, str) and html.strip()
    hints = {"source": "ingest", "title": str(record.get("title") or "")}
    if published:
        hints["published"] = published
    if removed_nul:  # the record of what was not kept verbatim (raw.page.hints)
        hints["transformations"] = "removed NUL characters (PostgreSQL cannot store them): " + ", ".join(removed_nul)
    return RawPage(
        outlet=outlet, url=url, final_url=url, status=200, fetched_at=fetched_at,
        body=(html if use_html else text).encode("utf-8"),
        content_type="text/html; charset=utf-8" if use_html else "text/plain; charset=utf-8",
        encoding="utf-8", hints=hints,
    )


def read_ingest_file(path: Path) -> IngestBatch:
    """Parse a JSONL file; never raises on bad lines (they become LineErrors)."""
    batch = IngestBatch()
    fetched_at = datetime.now(UTC)
    seen: dict[str, int] = {}
    for number, line in _lines(path):
        batch.lines += 1
        if not line.strip():
            continue
        result = parse_line(number, line, fetched_at)
        if isinstance(result, LineError):
            batch.errors.append(result)
        elif result.url in seen:
            batch.errors.append(LineError(number, f"duplicate url, already given on line {seen[result.url]}"))
        else:
            seen[result.url] = number
            batch.pages.append((number, result))
    return batch


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        yield from enumerate(handle, start=1)
