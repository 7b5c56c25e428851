"""The WordPress REST API (/wp-json/wp/v2/posts)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urlencode

from scrapers.dates import parse_date
from scrapers.discovery.entry import DiscoveryError, Listed

POSTS_PATH = "/wp-json/wp/v2/posts"
FIELDS = "id,link,date_gmt,modified_gmt,title"


def posts_url(base_url: str, page: int, per_page: int, since: datetime | None, until: datetime | None) -> str:
    """The posts query for one page of the window, newest first."""
    query = {"per_page": per_page, "page": page, "orderby": "date", "order": "desc", "_fields": FIELDS}
    # An explicit offset: WordPress would otherwise read the bounds in the site's own zone.
    if since:
        query["after"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    if until:
        query["before"] = until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return base_url.rstrip("/") + POSTS_PATH + "?" + urlencode(query)


def parse_posts(body: bytes) -> list[Listed]:
    """Posts of one API page. Raises DiscoveryError("bad_api_response") when not a JSON list."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DiscoveryError("bad_api_response", f"posts API did not answer JSON: {exc}") from exc
    if not isinstance(data, list):
        raise DiscoveryError("bad_api_response", "posts API did not answer a list")
    entries = []
    for post in data:
        if not isinstance(post, dict) or not post.get("link"):
            continue
        published = parse_date(post.get("date_gmt") and post["date_gmt"] + "Z", "UTC")
        title = post.get("title")
        title = unescape(title.get("rendered", "")) if isinstance(title, dict) else str(title or "")
        hints = {"channel": "wp_json", "title": title.strip(), "post_id": str(post.get("id", ""))}
        if published:
            hints["published"] = published.isoformat()
        modified = parse_date(post.get("modified_gmt") and post["modified_gmt"] + "Z", "UTC")
        if modified:
            hints["modified"] = modified.isoformat()
        entries.append(Listed(url=post["link"], published=published, hints={k: v for k, v in hints.items() if v}))
    return entries
