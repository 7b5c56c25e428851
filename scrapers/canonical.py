"""One URL form per article: the identity under which pages are archived and deduplicated."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from scrapers.outlets import Outlet, outlet_for_url

# Query parameters that only say where a click came from; they never select content.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
    "amp", "amp_js_v", "usqp", "ref", "ref_src", "s_src", "share", "from",
})
TRACKING_PREFIXES = ("utm_", "__twitter", "_hs")
# RFC 3986 characters that may stay literal in a path; everything else (Arabic) is %-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _normalise_path(path: str) -> str:
    # Decode then re-encode, so "%d9%81", "%D9%81" and a literal "ف" all become "%D9%81".
    path = quote(unquote(path), safe=_PATH_SAFE)
    path = re.sub(r"/{2,}", "/", path) or "/"
    # AMP copies of an article live at <article>/amp/ (WordPress) or <article>/amp.
    path = re.sub(r"/amp/?$", "/", path) if path not in ("/amp", "/amp/") else path
    return path


def _slash_form(path: str, outlet: Outlet) -> str:
    """The trailing-slash form of `path` that the outlet's article pattern accepts."""
    if path == "/" or outlet.is_article_path(path):
        return path
    other = path.rstrip("/") if path.endswith("/") else path + "/"
    return other if outlet.is_article_path(other) else path


def canonical_url(url: str, outlet: Outlet | None = None) -> str:
    """The canonical form of `url`.

    Promises: fragment dropped; tracking parameters (utm_*, fbclid, gclid, amp, ...) removed and
    the rest sorted; scheme and host lower-cased, default port and a leading "www." dropped;
    path percent-encoded one way (upper-case UTF-8 escapes), duplicate slashes and AMP suffixes
    removed. For a catalogue outlet (given, or found from the host) the scheme is the outlet's
    and the trailing slash is whatever its article_path_pattern expects. Idempotent.
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _normalise_path(parts.path or "/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    outlet = outlet or outlet_for_url(f"{scheme}://{host}/")
    if outlet is not None and outlet.owns_host(host):
        scheme = urlsplit(outlet.base_url).scheme or scheme
        path = _slash_form(path, outlet)
    return urlunsplit((scheme, netloc, path, urlencode(query, quote_via=quote, safe="/:@-._~"), ""))


def rebase_url(url: str, from_base: str, to_base: str) -> str:
    """`url` moved from one site root to another (a mirror ↔ the outlet); unchanged if not under it."""
    src, dst = urlsplit(from_base), urlsplit(to_base)
    parts = urlsplit(url)
    same_host = (parts.hostname or "").removeprefix("www.") == (src.hostname or "").removeprefix("www.")
    if not same_host or parts.port != src.port:
        return url
    prefix = src.path.rstrip("/")
    if prefix and not (parts.path == prefix or parts.path.startswith(prefix + "/")):
        return url
    path = dst.path.rstrip("/") + parts.path[len(prefix):]
    return urlunsplit((dst.scheme, dst.netloc, path or "/", parts.query, parts.fragment))
