"""Outlet-shaped demo websites rendered from article dicts (the snapshot, or a test's own list).

`render_site(outlet, articles, base_url)` builds one outlet's site as a `Site`: a map from path
(and query) to `Page`, plus the WordPress JSON API where the outlet has one. Each outlet keeps its
real shape (sites.md): URL scheme, listing markup and pagination, date style (Eastern digits,
Levantine months, JSON-LD, article:published_time), feeds, robots.txt, and page chrome (navigation,
share bar, "اقرأ أيضاً" block, ads, scripts, footer) that an extractor has to strip. HTML lives in
etl/demo/templates/<outlet>/{page,listing,item,article}.html (string.Template, $name fields).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

TEMPLATES = Path(__file__).with_name("templates")
DAMASCUS = ZoneInfo("Asia/Damascus")
EG_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر"]
LEVANTINE_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SANA_SECTIONS = {"محليات": "locals", "سياسة": "politics", "اقتصاد": "economy", "رياضة": "sports",
                 "ثقافة": "culture", "عربي ودولي": "world", "محافظات": "governorates"}
_LATIN = dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى", [
    "a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z", "a", "gh",
    "f", "q", "k", "l", "m", "n", "h", "w", "y", "", "a", "a", "e", "h", "a"], strict=True))


@dataclass(frozen=True)
class DemoArticle:
    """One article as the demo sites publish it."""

    outlet: str
    id: str
    section: str
    published: datetime  # aware
    title: str
    author: str
    paragraphs: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Mapping) -> DemoArticle:
        """From a snapshot `[[article]]` entry (body: paragraphs separated by blank lines)."""
        published = data["published"]
        if isinstance(published, str):
            published = datetime.fromisoformat(published)
        if published.tzinfo is None:
            published = published.replace(tzinfo=DAMASCUS)
        body = data.get("body", "")
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", body.strip()) if p.strip())
        return cls(outlet=data["outlet"], id=str(data["id"]), section=data.get("section", ""),
                   published=published, title=data["title"].strip(), author=data.get("author", ""),
                   paragraphs=paragraphs)

    @property
    def local(self) -> datetime:
        return self.published.astimezone(DAMASCUS)

    @property
    def number(self) -> int:
        """A numeric id (the id itself when numeric, else a stable 6-digit number)."""
        if self.id.isdigit():
            return int(self.id)
        return int(hashlib.sha1(self.id.encode()).hexdigest()[:8], 16) % 900_000 + 100_000

    @property
    def slug(self) -> str:
        """An Arabic slug (the id when it is one, else from the title's first words)."""
        if not self.id.isdigit():
            return self.id
        words = re.sub(r"[^\w\s-]", " ", self.title).split()
        return "-".join(words[:8])

    @property
    def latin_slug(self) -> str:
        words = self.slug.split("-")[:6]
        return "-".join("".join(_LATIN.get(c, c if c.isascii() and c.isalnum() else "") for c in w)
                        for w in words).strip("-") or "khabar"


@dataclass
class Page:
    """One HTTP answer of a demo site."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


# ---- date styles ---------------------------------------------------------------------------------

def eastern_date(dt: datetime) -> str:
    """Shaam: "١٤ ديسمبر ٢٠٢٥"."""
    local = dt.astimezone(DAMASCUS)
    return f"{local.day} {EG_MONTHS[local.month - 1]} {local.year}".translate(EASTERN)


def month_day_year(dt: datetime) -> str:
    """Enab Baladi listing: "ديسمبر 16, 2025"."""
    local = dt.astimezone(DAMASCUS)
    return f"{EG_MONTHS[local.month - 1]} {local.day}, {local.year}"


def levantine_date(dt: datetime) -> str:
    """Syria TV: "14 كانون الأول 2025"."""
    local = dt.astimezone(DAMASCUS)
    return f"{local.day} {LEVANTINE_MONTHS[local.month - 1]} {local.year}"


def day_month_year_time(dt: datetime) -> str:
    """Halab Today / Al-Watan: "14 ديسمبر، 2025 - 10:30"."""
    local = dt.astimezone(DAMASCUS)
    return f"{local.day} {EG_MONTHS[local.month - 1]}، {local.year} - {local:%H:%M}"


def numeric_date(dt: datetime) -> str:
    """Zaman al-Wasl / Hawar: "14/12/2025 10:30"."""
    return f"{dt.astimezone(DAMASCUS):%d/%m/%Y %H:%M}"


def iso_date(dt: datetime) -> str:
    return dt.astimezone(DAMASCUS).isoformat()


# ---- outlet shapes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """What differs between outlets: URL scheme, listing pagination, dates, feeds."""

    key: str
    name: str
    article_path: Callable[[DemoArticle], str]
    listing_path: str  # with {page}
    first_page: int
    display_date: Callable[[datetime], str]
    feed_path: str | None = None
    feed_link_suffix: str = ""  # tracking parameters the outlet's feed adds to links
    wp_json: bool = False
    sitemap_path: str | None = None
    past_last_page: int = 404  # WordPress 404s past the end; Drupal/custom CMSs answer an empty page
    relative_links: bool = False  # Shaam writes listing links as "../news/syria-news/<slug>"
    feed_content: bool = False  # content:encoded with the full text (SOHR)


SHAPES: dict[str, Shape] = {s.key: s for s in [
    Shape("shaam", "شبكة شام الإخبارية", lambda a: f"/news/syria-news/{a.slug}", "/news/syria-news?page={page}", 1,
          eastern_date, past_last_page=200, relative_links=True),
    Shape("enab_baladi", "عنب بلدي", lambda a: f"/{a.number}/", "/archives/category/news/page/{page}", 1,
          month_day_year, feed_path="/feed/", feed_link_suffix="?utm_source=rss&utm_medium=rss&utm_campaign=feed"),
    Shape("sana", "الوكالة العربية السورية للأنباء - سانا",
          lambda a: f"/{SANA_SECTIONS.get(a.section, 'locals')}/{a.number}/", "/locals/page/{page}/", 1,
          iso_date, feed_path="/feed/", wp_json=True),
    Shape("syria_tv", "تلفزيون سوريا", lambda a: f"/{a.slug}", "/news?page={page}", 0, levantine_date,
          past_last_page=200),
    Shape("sohr", "المرصد السوري لحقوق الإنسان", lambda a: f"/{a.slug}/{a.number}/", "/news/page/{page}/", 1,
          iso_date, feed_path="/feed/", feed_content=True),
    Shape("north_press", "نورث برس", lambda a: f"/{a.number}/", "/category/news/page/{page}/", 1, iso_date,
          feed_path="/feed/"),
    Shape("zaman_alwasl", "زمان الوصل", lambda a: f"/news/article/{a.number}/", "/news/articles/94/{page}", 1,
          numeric_date, feed_path="/news/rss/94/", past_last_page=200),
    Shape("halab_today", "حلب اليوم", lambda a: f"/archives/{a.number}", "/archives/category/news/page/{page}", 1,
          day_month_year_time, feed_path="/feed"),
    Shape("alwatan", "الوطن", lambda a: f"/archives/{a.number}", "/archives/category/local/page/{page}", 1,
          day_month_year_time, feed_path="/feed", sitemap_path="/wp-sitemap.xml"),
    Shape("hawar", "وكالة أنباء هاوار", lambda a: f"/ar/haber/{a.latin_slug}-h{a.number}.html", "/ar/news?page={page}",
          1, numeric_date, sitemap_path="/ar/sitemap.xml", past_last_page=200),
]}

# Listing markup that no longer matches the outlet's selectors (the "changed_markup" failure mode).
_RENAMED_CLASSES = re.compile(
    r'class="(cat-item|one-post|post|node--type-article[^"]*|post-item|news-item|elementor-post[^"]*'
    r'|news-card)"')


def _template(outlet: str, name: str) -> Template:
    return Template((TEMPLATES / outlet / f"{name}.html").read_text(encoding="utf-8"))


def _body_html(article: DemoArticle) -> str:
    return "\n".join("<p>" + "<br>\n".join(escape(line) for line in p.splitlines()) + "</p>"
                     for p in article.paragraphs)


class Site:
    """One outlet's rendered site, answering `get(path_and_query)`."""

    def __init__(self, outlet: str, articles: Iterable[DemoArticle], base_url: str, per_page: int = 5,
                 crawl_delay: float | None = None, changed_markup: bool = False) -> None:
        self.shape = SHAPES[outlet]
        self.base_url = base_url.rstrip("/")
        self.per_page = max(1, per_page)
        self.articles = sorted(articles, key=lambda a: a.published, reverse=True)
        self.crawl_delay = crawl_delay
        self.changed_markup = changed_markup
        self.pages: dict[str, Page] = {}
        self._render()

    # -- urls
    def url(self, path: str) -> str:
        return self.base_url + path

    def article_url(self, article: DemoArticle) -> str:
        return self.url(self.shape.article_path(article))

    def listing_url(self, page: int) -> str:
        return self.url(self.shape.listing_path.format(page=page))

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.articles) // self.per_page))

    # -- rendering
    def _render(self) -> None:
        shape = self.shape
        self._add("/robots.txt", Page(self._robots().encode(), "text/plain; charset=utf-8"))
        for index, article in enumerate(self.articles):
            related = [a for a in self.articles if a is not article][:3] or self.articles[:1]
            self._add(shape.article_path(article), Page(self._article_page(article, related, index).encode()))
        for page in range(shape.first_page, shape.first_page + self.page_count):
            self._add(shape.listing_path.format(page=page), Page(self._listing_page(page).encode()))
        if shape.feed_path:
            self._add(shape.feed_path, Page(self._rss().encode(), "application/rss+xml; charset=UTF-8"))
        if shape.sitemap_path:
            self._add(shape.sitemap_path, Page(self._sitemap_index().encode(), "application/xml; charset=UTF-8"))
            self._add(self._sitemap_child_path(), Page(self._sitemap().encode(), "application/xml; charset=UTF-8"))
        self._add("/", Page(self._listing_page(shape.first_page).encode()))

    def _add(self, path: str, page: Page) -> None:
        self.pages[_key(path)] = page

    def _robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /wp-admin/", "Disallow: /search", "Allow: /wp-admin/admin-ajax.php"]
        if self.crawl_delay:
            lines.append(f"Crawl-delay: {self.crawl_delay:g}")
        if self.shape.sitemap_path:
            lines.append(f"Sitemap: {self.url(self.shape.sitemap_path)}")
        return "\n".join(lines) + "\n"

    def _page(self, title: str, head: str, content: str) -> str:
        return _template(self.shape.key, "page").safe_substitute(
            title=escape(title), head=head, content=content, base=self.base_url, site_name=self.shape.name,
            year=str(datetime.now(UTC).year))

    def _head(self, article: DemoArticle) -> str:
        url = self.article_url(article)
        parts = [f'<link rel="canonical" href="{escape(url)}">',
                 f'<meta property="og:title" content="{escape(article.title)}">',
                 f'<meta property="og:url" content="{escape(url)}">',
                 '<meta property="og:type" content="article">']
        if self.shape.key in ("halab_today", "north_press", "alwatan", "sohr"):
            parts.append(f'<meta property="article:published_time" content="{iso_date(article.published)}">')
        if self.shape.key in ("sana", "north_press"):
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                  "datePublished": iso_date(article.published), "mainEntityOfPage": url,
                  "author": {"@type": "Organization", "name": article.author or self.shape.name},
                  "publisher": {"@type": "Organization", "name": self.shape.name}}
            parts.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
        return "\n".join(parts)

    def _article_page(self, article: DemoArticle, related: list[DemoArticle], index: int) -> str:
        links = "\n".join(f'<li><a href="{escape(self.article_url(r))}">{escape(r.title)}</a></li>' for r in related)
        content = _template(self.shape.key, "article").safe_substitute(
            title=escape(article.title), date=escape(self.shape.display_date(article.published)),
            date_iso=iso_date(article.published), author=escape(article.author or self.shape.name),
            section=escape(article.section), body=_body_html(article), related=links,
            url=escape(self.article_url(article)), share_url=quote(self.article_url(article), safe=""),
            image=f"{self.base_url}/uploads/2025/12/{article.number}.jpg", number=str(article.number),
            base=self.base_url)
        return self._page(f"{article.title} - {self.shape.name}", self._head(article), content)

    def _listing_page(self, page: int) -> str:
        shape = self.shape
        start = (page - shape.first_page) * self.per_page
        chunk = self.articles[start:start + self.per_page]
        item_template = _template(shape.key, "item")
        items = []
        for article in chunk:
            href = self.article_url(article)
            if shape.relative_links:
                href = ".." + shape.article_path(article)
            items.append(item_template.safe_substitute(
                url=escape(href), title=escape(article.title), date=escape(shape.display_date(article.published)),
                date_iso=iso_date(article.published), section=escape(article.section),
                excerpt=escape(article.paragraphs[-1][:140] if article.paragraphs else ""),
                image=f"{self.base_url}/uploads/2025/12/{article.number}-300x200.jpg", base=self.base_url))
        last = shape.first_page + self.page_count - 1
        nav = []
        if page > shape.first_page:
            nav.append(f'<a class="prev page-numbers" href="{escape(self.listing_url(page - 1))}">السابق</a>')
        for n in range(shape.first_page, last + 1):
            label = str(n - shape.first_page + 1)
            nav.append(f'<span class="page-numbers current">{label}</span>' if n == page
                       else f'<a class="page-numbers" href="{escape(self.listing_url(n))}">{label}</a>')
        if page < last:
            nav.append(f'<a class="next page-numbers" href="{escape(self.listing_url(page + 1))}">التالي</a>')
        content = _template(shape.key, "listing").safe_substitute(
            items="\n".join(items), pagination="\n".join(nav), section="أخبار", page=str(page), base=self.base_url)
        if self.changed_markup:
            content = _RENAMED_CLASSES.sub('class="card-v2"', content)
        return self._page(f"أخبار - {shape.name}", "", content)

    def _rss(self, articles: list[DemoArticle] | None = None) -> str:
        shape = self.shape
        items = []
        for article in (articles if articles is not None else self.articles[:10]):
            link = self.article_url(article) + shape.feed_link_suffix
            content = ""
            if shape.feed_content:
                content = f"<content:encoded><![CDATA[{_body_html(article)}]]></content:encoded>"
            items.append(f"""<item>
<title>{xml_escape(article.title)}</title>
<link>{xml_escape(link)}</link>
<dc:creator><![CDATA[{article.author or shape.name}]]></dc:creator>
<pubDate>{format_datetime(article.published.astimezone(UTC))}</pubDate>
<category><![CDATA[{article.section}]]></category>
<guid isPermaLink="false">{xml_escape(self.url('/?p=' + str(article.number)))}</guid>
<description><![CDATA[{article.paragraphs[0][:200] if article.paragraphs else ''}]]></description>
{content}
</item>""")
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{xml_escape(shape.name)}</title>
<atom:link href="{xml_escape(self.url(shape.feed_path or '/feed/'))}" rel="self" type="application/rss+xml" />
<link>{xml_escape(self.base_url)}</link>
<description>{xml_escape(shape.name)}</description>
<language>ar</language>
{chr(10).join(items)}
</channel>
</rss>
"""

    def _sitemap_child_path(self) -> str:
        return (self.shape.sitemap_path or "/sitemap.xml").rsplit("/", 1)[0] + "/sitemap-posts-1.xml"

    def _sitemap_index(self) -> str:
        newest = self.articles[0].published if self.articles else datetime.now(UTC)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"<sitemap><loc>{xml_escape(self.url(self._sitemap_child_path()))}</loc>"
                f"<lastmod>{iso_date(newest)}</lastmod></sitemap>\n</sitemapindex>\n")

    def _sitemap(self) -> str:
        urls = "\n".join(f"<url><loc>{xml_escape(self.article_url(a))}</loc><lastmod>{iso_date(a.published)}</lastmod>"
                         "<changefreq>never</changefreq></url>" for a in self.articles)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n')

    # -- WordPress REST API
    def _wp_posts(self, query: Mapping[str, list[str]]) -> Page:
        def bound(name: str) -> datetime | None:
            value = query.get(name, [None])[0]
            if not value:
                return None
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=DAMASCUS)

        after, before = bound("after"), bound("before")
        per_page = min(100, int(query.get("per_page", ["10"])[0]))
        page = int(query.get("page", ["1"])[0])
        posts = [a for a in self.articles if (after is None or a.published > after)
                 and (before is None or a.published < before)]
        total_pages = max(1, -(-len(posts) // per_page))
        if page > total_pages:
            body = {"code": "rest_post_invalid_page_number",
                    "message": "رقم الصفحة المطلوب أكبر من عدد الصفحات المتاحة.", "data": {"status": 400}}
            return Page(json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=UTF-8", 400)
        chunk = posts[(page - 1) * per_page: page * per_page]
        data = [{"id": a.number, "date": a.local.replace(tzinfo=None).isoformat(),
                 "date_gmt": a.published.astimezone(UTC).replace(tzinfo=None).isoformat(),
                 "modified_gmt": a.published.astimezone(UTC).replace(tzinfo=None).isoformat(),
                 "link": self.article_url(a), "title": {"rendered": escape(a.title)}} for a in chunk]
        return Page(json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=UTF-8",
                    headers={"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(total_pages)})

    def get(self, target: str) -> Page | None:
        """The page for a request target ("/path?query"); None when the site has no such page."""
        parts = urlsplit(target)
        if self.shape.wp_json and unquote(parts.path).rstrip("/") == "/wp-json/wp/v2/posts":
            return self._wp_posts(parse_qs(parts.query))
        page = self.pages.get(_key(target)) or self.pages.get(_key(parts.path))
        if page is None and self._is_past_last_listing(target) and self.shape.past_last_page == 200:
            return Page(self._listing_page(10_000).encode())
        return page

    def _is_past_last_listing(self, target: str) -> bool:
        pattern = re.escape(self.shape.listing_path).replace(re.escape("{page}"), r"(\d+)")
        return re.fullmatch(pattern, _key(target)) is not None


def _key(target: str) -> str:
    """Lookup key: decoded path plus the query minus tracking parameters (so ?utm_… still hits)."""
    parts = urlsplit(target)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(("utm_", "fbclid", "gclid")))
    path = unquote(parts.path) or "/"
    return path + (f"?{query}" if query else "")


def render_site(outlet: str, articles: Iterable[Mapping | DemoArticle], base_url: str, per_page: int = 5,
                crawl_delay: float | None = None, changed_markup: bool = False) -> Site:
    """The outlet's demo site for the articles of that outlet (others in the list are ignored)."""
    items = [a if isinstance(a, DemoArticle) else DemoArticle.from_dict(a) for a in articles]
    return Site(outlet, [a for a in items if a.outlet == outlet], base_url, per_page, crawl_delay, changed_markup)
