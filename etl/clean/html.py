"""Article page HTML → title, metadata and body paragraphs.

Order of sources (issue 3, "Article pages"): JSON-LD, then OpenGraph / ``article:*`` meta /
``<time datetime>``, then the outlet's CSS selectors, then a generic main-text fallback
that scores blocks by text density, so a redesign degrades instead of breaking.

The tree is built with lxml directly: building a BeautifulSoup tree alone costs about
twice what ``trafilatura.extract`` spends on a whole 100 KB page (bench/clean_bench.py),
and libxml2 is the same parser BeautifulSoup's "lxml" builder uses. BeautifulSoup
(soupsieve) is still used to evaluate outlet selectors that cssselect cannot translate
(``:-soup-contains(...)`` and friends), so selectors written for BeautifulSoup keep working.

Text is kept as written: only whitespace is collapsed. Arabic normalisation happens
later (etl.clean.normalize).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from etl.clean.encoding import decode_html

__all__ = ["PageContent", "decode_html", "extract_page", "page_text_f1"]

# Hostile-input bound: pages beyond this are truncated before parsing (the crawl
# quarantines > 5 MB pages anyway; this only keeps one bad page from stalling a batch).
MAX_HTML_CHARS = 8_000_000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCK_TAGS = _words(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr td th "
    "tbody thead tfoot caption figure header footer aside nav form hr br center address details "
    "summary body html fieldset legend"
)
# Paragraph-like blocks credit their parent in the fallback scoring; other blocks holding
# text directly (a div of <br>-separated lines) are the container themselves.
_P_LIKE = frozenset(["p", "pre", "blockquote", "li", "dd", "dt", "td", "th", "h2", "h3", "h4", "h5", "h6"])
_DROP_TAGS = _words(
    "script style noscript template iframe button input select option textarea svg math canvas nav "
    "header footer aside figcaption object embed video audio map head title meta link label menu "
    "dialog frameset frame applet"
)
# Class/id rules are not applied to inline tags (a share icon's tail is body text) nor to
# <html>/<body> (themes put "ad-background" and "has-sidebar" on <body>).
_NO_CLASS_RULES = _words("a span strong b em i u font small sup sub mark abbr time q cite html body")
_STRONG_CHROME = re.compile(
    r"(?<![a-z0-9])(?:share|shares|sharing|sharedaddy|share-?bar|social|socials|related|yarpp"
    r"|jp-relatedposts|comments?|respond|comment-respond|newsletter|subscribe|subscription"
    r"|adsbygoogle|advert|advertisement|ads?|sponsor|sponsored|breadcrumbs?|tags|tag-?list|tagcloud"
    r"|post-tags|entry-tags|tags-links|caption|wp-caption-text|credits?|photo-credit|taboola|outbrain"
    r"|popup|modal|cookie|cookies|efoot|entry-bottom|e-shared|print|pagination|pager|read-?also"
    r"|more-news|most-read|trending|skip-link|screen-reader-text|sr-only|post-meta|entry-meta"
    r"|article-meta|meta-info|author-box)(?![a-z0-9])"
)
_WEAK_CHROME = re.compile(
    r"(?<![a-z0-9])(?:header|footer|meta|byline|toolbar|hidden|banner|promo|author|bottom|topbar"
    r"|top-bar|masthead|search|login|lang|date|tools|navigation|navbar|nav|menu|sidebar)(?![a-z0-9])"
)
_CONTENT_HINT = re.compile(
    r"(?<![a-z0-9])(?:article|content|entry|main|body|story|text|post-body|post-content)(?![a-z0-9])"
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LETTER = re.compile(r"[^\W\d_]")
_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_LEAD_JUNK = re.compile(r"^[\W\d_]+")
# Folded (see _fold) openings of "read also" / related / tags blocks.
_RELATED_LABELS = (
    "اقرا ايضا",
    "اقرا المزيد",
    "مواضيع ذات صله",
    "اخبار ذات صله",
    "مقالات ذات صله",
    "موضوعات ذات صله",
    "ذات صله",
    "شاهد ايضا",
    "قد يهمك",
    "الوسوم",
    "كلمات مفتاحيه",
    "الكلمات المفتاحيه",
    "تابعونا",
    "tagged",
    "read also",
    "read more",
    "related",
)
_ARTICLE_TYPES = _words(
    "newsarticle article reportagenewsarticle analysisnewsarticle blogposting opinionnewsarticle "
    "backgroundnewsarticle reviewnewsarticle liveblogposting socialmediaposting report"
)
_PAGE_TYPES = frozenset(("webpage", "itempage", "collectionpage"))
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ")
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")


@dataclass
class PageContent:
    """What an article page says about itself; every field may be empty on a bad page.

    ``paragraphs`` is the body only, in order, whitespace-collapsed, spelling untouched.
    ``published`` / ``modified`` are the raw strings found (ISO or as printed).
    ``language`` is the primary subtag (``"ar"``, ``"en"``) from ``<html lang>``,
    og:locale, Content-Language or JSON-LD ``inLanguage``.
    ``method`` says what produced the body: ``"jsonld"``, ``"selectors"``, ``"fallback"``
    or ``"none"``.
    """

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    author: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    section: str | None = None
    method: str = "none"
    description: str | None = None

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines (like Article.text)."""
        return "\n\n".join(self.paragraphs)


@dataclass
class _Block:
    owner: Any  # the lxml element whose text this is
    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 1.0


@dataclass
class _Meta:
    """Metadata candidates, filled from the highest-priority source that has each field."""

    values: dict[str, str] = field(default_factory=dict)
    jsonld_body: str | None = None

    def offer(self, key: str, value: Any) -> None:
        if key in self.values or value is None:
            return
        text = _norm(str(value))
        if text:
            self.values[key] = text

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def extract_page(html: str, url: str = "", selectors: Mapping[str, Any] | None = None) -> PageContent:
    """Extract title, metadata and body paragraphs from an article page; never raises.

    ``selectors`` is the outlet's configuration (any subset, or None): ``title``,
    ``published``, ``body``, ``author``, ``section`` (a CSS selector or a list tried in
    order) and ``drop`` (selectors removed before anything else). The body comes from
    JSON-LD ``articleBody`` when it has paragraph breaks, else from ``body`` selectors,
    else from a generic density-scored fallback. Scripts, styles, navigation, share bars,
    related / "اقرأ أيضاً" blocks, tag lists, caption credits, comment forms, ads and
    newsletter boxes are dropped. On hostile input the result is partial or empty.
    """
    page = PageContent()
    # Contract: a bad page yields a partial result, never an exception that stops a batch.
    with contextlib.suppress(Exception):
        _extract_into(page, html, url, selectors or {})
    return page


def _extract_into(page: PageContent, html: Any, url: str, selectors: Mapping[str, Any]) -> None:
    if isinstance(html, bytes | bytearray):
        html = decode_html(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    html = _CONTROL.sub("", html)

    if any(_css_to_xpath(s) is None and _soup_can_parse(s) for s in _all_selectors(selectors)):
        html = _mark_with_soup(html, selectors)
    root = _parse(html)
    if root is None:
        return

    meta = _Meta()
    _read_jsonld(root, meta)
    _read_meta_tags(root, meta)

    for sel in _as_list(selectors.get("drop")):
        for el in _select(root, sel, "drop"):
            _remove(el)

    for key in ("title", "published", "author", "section"):
        for sel in _as_list(selectors.get(key)):
            found = [v for v in (_element_value(el, key) for el in _select(root, sel, key)) if v]
            if found:
                meta.offer("sel_" + key, found[0])
                break

    _late_metadata(root, meta)
    page.title = _choose_title(meta, root)
    page.published = meta.get("published") or meta.get("sel_published") or meta.get("time")
    page.modified = meta.get("modified")
    page.author = meta.get("author") or meta.get("sel_author")
    page.section = meta.get("section") or meta.get("sel_section")
    page.description = meta.get("description")
    page.language = _language(meta.get("lang"))
    canonical = meta.get("canonical") or meta.get("og_url") or meta.get("ld_url")
    page.canonical_url = urljoin(url, canonical) if canonical else (url or None)

    jsonld_paras = _jsonld_paragraphs(meta.jsonld_body)
    if len(jsonld_paras) >= 2 and not _looks_truncated(jsonld_paras):
        page.paragraphs, page.method = jsonld_paras, "jsonld"
        return

    paragraphs: list[str] = []
    body_sels = _as_list(selectors.get("body"))
    if body_sels:
        paragraphs = _selector_body(root, body_sels, page.title)
    if paragraphs and _chars(paragraphs) >= 200:
        page.paragraphs, page.method = paragraphs, "selectors"
        return
    # Selectors found nothing (or a stray scrap after a redesign): try the generic path,
    # but a short real article found by selectors still wins over a longer guess.
    fallback = _fallback_body(root, page.title)
    if paragraphs and _chars(fallback) < 2 * max(_chars(paragraphs), 100):
        page.paragraphs, page.method = paragraphs, "selectors"
    elif jsonld_paras and _chars(jsonld_paras) >= 0.5 * _chars(fallback):
        page.paragraphs, page.method = jsonld_paras, "jsonld"
    elif fallback:
        page.paragraphs, page.method = fallback, "fallback"


# --- parsing -------------------------------------------------------------------------


def _parse(html: str) -> Any:
    # A fresh parser per call: lxml parsers hold state and are not safe to share.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        return etree.fromstring(html.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _norm(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    """Loose form for recognising labels only (never stored)."""
    return _LEAD_JUNK.sub("", _DIACRITICS.sub("", text).translate(_FOLD).lower())


def _chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _remove(el: Any) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_chrome(el: Any, class_rules: bool = True) -> bool:
    tag = el.tag
    if tag in _DROP_TAGS:
        return True
    if not class_rules or tag in _NO_CLASS_RULES:
        return False
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return el.get("aria-hidden") == "true" or el.get("hidden") is not None
    names = f"{cls or ''} {ident or ''}".lower()
    if _STRONG_CHROME.search(names):
        return True
    return bool(_WEAK_CHROME.search(names)) and not _CONTENT_HINT.search(names)


# --- selectors -----------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _all_selectors(selectors: Mapping[str, Any]) -> list[str]:
    return [
        s for key in ("drop", "title", "published", "body", "author", "section") for s in _as_list(selectors.get(key))
    ]


@lru_cache(maxsize=1024)  # an outlet's few selectors come back on every page
def _css_to_xpath(selector: str) -> str | None:
    from cssselect import HTMLTranslator, SelectorError

    try:
        return HTMLTranslator().css_to_xpath(selector)
    except (SelectorError, ValueError, TypeError, NotImplementedError):
        return None


def _select(root: Any, selector: str, key: str) -> list[Any]:
    xpath = _css_to_xpath(selector)
    if xpath is None:
        # Marked by _mark_with_soup before parsing.
        xpath = f"//*[@data-se-{key}][contains(concat(' ', @data-se-{key}, ' '), ' {_mark_id(selector)} ')]"
    try:
        result = root.xpath(xpath)
    except (etree.XPathError, ValueError):
        return []
    return [el for el in result if isinstance(el, etree._Element) and isinstance(el.tag, str)]


def _soup_can_parse(selector: str) -> bool:
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception:  # noqa: BLE001 - any failure means "not a usable selector".
        return False
    return True


def _mark_id(selector: str) -> str:
    return f"s{abs(hash(selector)) % 10**10}"


def _mark_with_soup(html: str, selectors: Mapping[str, Any]) -> str:
    """Evaluate selectors cssselect cannot parse with soupsieve and tag the matches.

    The marks (``data-se-<key>``) survive serialisation, so the lxml pass finds the same
    elements. Slow (BeautifulSoup), but only for pages whose config needs it.
    """
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception:  # noqa: BLE001
        return html
    for key in ("drop", "title", "published", "body", "author", "section"):
        for sel in _as_list(selectors.get(key)):
            if _css_to_xpath(sel) is not None or not _soup_can_parse(sel):
                continue
            try:
                matches = soup.select(sel)
            except Exception:  # noqa: BLE001 - an invalid selector in config matches nothing.
                continue
            for el in matches:
                attr = f"data-se-{key}"
                el[attr] = f"{el.get(attr, '')} {_mark_id(sel)}".strip()
    return str(soup)


def _element_value(el: Any, key: str) -> str | None:
    if key == "published":
        for attr in ("datetime", "content", "data-date", "title"):
            value = el.get(attr)
            if value and value.strip():
                return value.strip()
    if el.tag == "meta":
        return el.get("content")
    return _norm("".join(el.itertext()))


def _selector_body(root: Any, body_sels: list[str], title: str) -> list[str]:
    for sel in body_sels:
        matched = _select(root, sel, "body")
        if not matched:
            continue
        chosen = set(matched)
        # Nested matches (div.entry and div.entry > p): keep the outermost only.
        tops = [el for el in matched if not any(a in chosen for a in el.iterancestors())]
        for class_rules in (True, False):
            # A theme whose content wrapper has a chrome-looking class ("widget") would
            # otherwise empty the body the config points at.
            blocks: list[_Block] = []
            for el in tops:
                blocks.extend(_blocks(el, protect_root=True, class_rules=class_rules))
            paragraphs = _clean_blocks(blocks, title)
            if paragraphs:
                return paragraphs
    return []


# --- text blocks ---------------------------------------------------------------------


def _blocks(root: Any, protect_root: bool = False, class_rules: bool = True) -> list[_Block]:
    """Split a subtree into paragraphs at block boundaries and <br>, skipping chrome.

    ``class_rules=False`` skips only chrome tags (script, nav, ...), not class/id guesses.

    Iterative (iterwalk), so nesting depth cannot hit Python's recursion limit.
    """
    out: list[_Block] = []
    pieces: list[str] = []
    link_chars = 0
    owners: list[Any] = [root]
    in_link = 0

    def flush() -> None:
        nonlocal link_chars
        if pieces:
            text = _norm("".join(pieces))
            if text:
                out.append(_Block(owners[-1], text, min(link_chars, len(text))))
            pieces.clear()
        link_chars = 0

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):
                walker.skip_subtree()
                continue
            if (el is not root or not protect_root) and _is_chrome(el, class_rules):
                el.set("data-se-skipped", "1")
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if tag != "br":
                    owners.append(el)
            if tag == "a":
                in_link += 1
            if el.text:
                pieces.append(el.text)
                if in_link:
                    link_chars += len(el.text.strip())
        else:
            if isinstance(tag, str):
                if el.get("data-se-skipped") is not None:
                    del el.attrib["data-se-skipped"]
                else:
                    if tag == "a":
                        in_link -= 1
                    if tag in _BLOCK_TAGS and tag != "br":
                        flush()
                        owners.pop()
            if el is not root and el.tail:
                pieces.append(el.tail)
                if in_link:
                    link_chars += len(el.tail.strip())
    flush()
    return out


def _clean_blocks(blocks: list[_Block], title: str) -> list[str]:
    """Drop related/tag blocks (label + the link lists after it), link lists, the title."""
    out: list[str] = []
    skipping_related = False
    title_norm = _norm(title)
    for block in blocks:
        text = block.text
        link_dense = block.link_density > 0.5
        if skipping_related:
            if link_dense or len(text) < 25:
                continue
            skipping_related = False
        folded = _fold(text[:40])
        if any(folded.startswith(label) for label in _RELATED_LABELS) and (
            len(text) < 120 or link_dense or block.link_chars >= len(text) - 40
        ):
            skipping_related = True
            continue
        if link_dense:
            continue
        if title_norm and text == title_norm:
            continue
        out.append(text)
    return out


def _fallback_body(root: Any, title: str) -> list[str]:
    """Readability-style guess; if class/id rules leave almost nothing, retry without them."""
    body = root.find("body")
    if body is None:
        body = root
    paragraphs = _fallback_pass(body, title, class_rules=True)
    if _chars(paragraphs) < 200:
        retry = _fallback_pass(body, title, class_rules=False)
        if _chars(retry) > _chars(paragraphs):
            return retry
    return paragraphs


def _fallback_pass(body: Any, title: str, class_rules: bool) -> list[str]:
    """Score containers by the (Arabic) prose their blocks hold; return the best one's blocks."""
    blocks = _blocks(body, class_rules=class_rules)
    if not blocks:
        return []
    scores: dict[Any, float] = {}
    text_chars: dict[Any, int] = {}
    link_chars: dict[Any, int] = {}
    for block in blocks:
        n = len(block.text)
        if n < 25:
            continue
        density = block.link_density
        if density > 0.5:
            continue
        # The script mix of a block's opening is representative and keeps 5 MB pages fast.
        sample = block.text[:300]
        letters = len(_LETTER.findall(sample)) or 1
        arabic = len(_ARABIC.findall(sample)) / letters
        score = 1 + block.text.count("،") + block.text.count(",") + min(n / 100, 3.0)
        score *= (1 - density) * (0.5 + min(arabic, 1.0))
        owner = block.owner
        target = owner.getparent() if owner.tag in _P_LIKE and owner.getparent() is not None else owner
        for weight, el in ((1.0, target), (0.5, target.getparent())):
            if el is None:
                break
            scores[el] = scores.get(el, 0.0) + weight * score
            text_chars[el] = text_chars.get(el, 0) + n
            link_chars[el] = link_chars.get(el, 0) + block.link_chars
    if not scores:
        # Nothing prose-like; a page of short lines is still better than nothing.
        return _clean_blocks(blocks, title)

    def adjusted(el: Any) -> float:
        return scores[el] * (1 - link_chars[el] / max(text_chars[el], 1))

    best = max(scores, key=adjusted)
    area = [best]
    parent = best.getparent()
    if parent is not None:
        threshold = max(3.0, 0.2 * adjusted(best))
        area = [
            sib
            for sib in parent
            if sib is best or (isinstance(sib.tag, str) and sib in scores and adjusted(sib) >= threshold)
        ]
    inside: set[Any] = set()
    for el in area:
        inside.update(el.iter())
    return _clean_blocks([b for b in blocks if b.owner in inside], title)


# --- metadata ------------------------------------------------------------------------


def _read_jsonld(root: Any, meta: _Meta) -> None:
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _load_json(script.text or "")
        if data is None:
            continue
        stack: list[tuple[Any, int]] = [(data, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > 8:
                continue
            if isinstance(node, list):
                stack.extend((item, depth + 1) for item in reversed(node))
            elif isinstance(node, dict):
                types = node.get("@type")
                type_names = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
                if type_names & _ARTICLE_TYPES:
                    articles.append(node)
                elif type_names & _PAGE_TYPES:
                    pages.append(node)
                for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
                    child = node.get(key)
                    if isinstance(child, dict | list):
                        stack.append((child, depth + 1))
    for is_article, node in [(True, n) for n in articles] + [(False, n) for n in pages]:
        if is_article:
            meta.offer("ld_title", _first_str(node.get("headline")) or _first_str(node.get("name")))
            meta.offer("author", _person_names(node.get("author")))
            meta.offer("section", _first_str(node.get("articleSection")))
            body = node.get("articleBody")
            if meta.jsonld_body is None and isinstance(body, str) and body.strip():
                meta.jsonld_body = body
            meta.offer("ld_url", _first_str(node.get("url")))
        meta.offer("published", _first_str(node.get("datePublished")) or _first_str(node.get("dateCreated")))
        meta.offer("modified", _first_str(node.get("dateModified")))
        meta.offer("description", _first_str(node.get("description")))
        meta.offer("lang", _first_str(node.get("inLanguage")))


def _load_json(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    # Common CMS damage: CDATA/comment wrappers, trailing commas.
    cleaned = re.sub(r"^\s*(?://)?\s*(?:<!\[CDATA\[|<!--)|(?://)?\s*(?:\]\]>|-->)\s*$", "", text)
    cleaned = re.sub(r",\s*([}\]])", r"\1", cleaned)
    try:
        return json.loads(cleaned, strict=False)
    except (ValueError, RecursionError):
        return None


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float | dict)), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("name") or value.get("url")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _person_names(value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.strip().startswith("http"):
            names.append(_norm(name))
    return "، ".join(dict.fromkeys(names)) or None


def _read_meta_tags(root: Any, meta: _Meta) -> None:
    html_lang = root.get("lang") or root.get("xml:lang")
    meta.offer("lang", html_lang)
    metas: dict[str, str] = {}
    for el in root.iter("meta", "link"):
        if el.tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and el.get("href"):
                meta.offer("canonical", el.get("href"))
            continue
        name = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
        content = el.get("content")
        if name and content and content.strip() and name not in metas:
            metas[name] = content.strip()
    for name in _PUBLISHED_META:
        meta.offer("published", metas.get(name))
    for el in root.xpath("//*[@itemprop='datePublished' or @itemprop='dateModified']"):
        value = el.get("datetime") or el.get("content") or "".join(el.itertext())
        meta.offer("published" if el.get("itemprop") == "datePublished" else "modified", value)
    for name in _MODIFIED_META:
        meta.offer("modified", metas.get(name))
    meta.offer("og_title", metas.get("og:title") or metas.get("twitter:title"))
    meta.offer("site_name", metas.get("og:site_name"))
    meta.offer("og_url", metas.get("og:url"))
    meta.offer("section", metas.get("article:section"))
    meta.offer("description", metas.get("og:description") or metas.get("description"))
    author = metas.get("author") or metas.get("article:author")
    if author and not author.startswith("http"):
        meta.offer("author", author)
    meta.offer("lang", metas.get("og:locale") or metas.get("content-language"))


def _late_metadata(root: Any, meta: _Meta) -> None:
    """Title tag, first <h1> and first <time datetime>: weakest sources, read after selectors."""
    title_el = root.find(".//title")
    if title_el is not None:
        meta.offer("title_tag", "".join(title_el.itertext()))
    for h1 in root.iter("h1"):
        text = _norm("".join(h1.itertext()))
        if text:
            meta.offer("h1", text)
            break
    # A <time> inside the article beats one in the page header (often today's date).
    for path in ("//article//time[@datetime]", "//time[@datetime]"):
        found = root.xpath(path)
        if found:
            meta.offer("time", found[0].get("datetime"))
            break


def _title_part_shown_on_page(root: Any, title: str) -> str | None:
    """For 'Site - Headline' without og:site_name: the part a heading on the page repeats."""
    if not any(sep in title for sep in _TITLE_SEPARATORS):
        return None
    headings = root.xpath("(//h1|//h2|//*[contains(@class, 'title')])[position() <= 60]")
    shown = {_norm("".join(el.itertext())) for el in headings}
    for sep in _TITLE_SEPARATORS:
        parts = [part.strip() for part in title.split(sep)]
        for part in parts if len(parts) > 1 else []:
            if part in shown:
                return part
    return None


def _strip_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' → 'Headline' when the suffix (or prefix) is the site's name."""
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if site and (tail.strip() == site or site in tail) and head.strip():
            return head.strip()
        first, _, rest = title.partition(sep)
        if site and (first.strip() == site or site in first) and rest.strip():
            return rest.strip()
    return title


def _choose_title(meta: _Meta, root: Any) -> str:
    site = meta.get("site_name")
    for key in ("ld_title", "og_title", "sel_title", "h1", "title_tag"):
        value = meta.get(key)
        if not value:
            continue
        if key in ("og_title", "sel_title", "title_tag"):
            stripped = _strip_site_name(value, site)
            if stripped == value and not site:
                stripped = _title_part_shown_on_page(root, value) or value
            return stripped
        return value
    return ""


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip().lower())[0]
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _jsonld_paragraphs(body: str | None) -> list[str]:
    if not body:
        return []
    if "<" in body and re.search(r"<(?:p|br|div)\b", body, re.IGNORECASE):
        root = _parse(f"<html><body>{body}</body></html>")
        if root is None:
            return []
        return _clean_blocks(_blocks(root.find("body") if root.find("body") is not None else root), "")
    lines = (_norm(line) for line in re.split(r"\n+|\r+", body))
    return [line for line in lines if line]


def _looks_truncated(paragraphs: list[str]) -> bool:
    return bool(paragraphs) and paragraphs[-1].rstrip().endswith(("...", "…", "[…]", "[...]"))


# --- evaluation helper ---------------------------------------------------------------


def page_text_f1(got: list[str], expected: list[str]) -> float:
    """Bag-of-tokens F1 between extracted and expected paragraphs (trafilatura's metric style)."""
    from collections import Counter

    got_tokens = Counter(" ".join(got).split())
    exp_tokens = Counter(" ".join(expected).split())
    if not got_tokens and not exp_tokens:
        return 1.0
    overlap = sum((got_tokens & exp_tokens).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got_tokens.values())
    recall = overlap / sum(exp_tokens.values())
    return 2 * precision * recall / (precision + recall)
