"""HTML cleaning throughput: etl.clean.html vs trafilatura.extract on the same generated pages.

    python -m bench.clean_bench [--pages 200] [--seed 7] [--record]

Pages are generated (seeded) in three CMS shapes (WordPress, Drupal, custom), each
≥ 100 KB of HTML: mega menus, tickers, inline JSON state and scripts, ads, a comment
thread, related lists and link-heavy footers around an Arabic article body of 8–20
paragraphs built from a small vocabulary. "ours" is decode_html + extract_page on the
page bytes; trafilatura gets the already-decoded text (so it is spared the decoding).
Also reported: body token F1 of each against the generated paragraphs, and peak
Python heap per page (tracemalloc, separate untimed pass; lxml's C memory is not
counted by tracemalloc, so the process max RSS is printed as well).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.clean.html import decode_html, extract_page, page_text_f1

MIN_PAGE_BYTES = 100 * 1024
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def vocab(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = vocab(
    "قصف مدفعي غارة جوية اشتباكات قوات الجيش فصائل المعارضة الأمن العام الدفاع المدني المدنيين الأهالي "
    "المجلس المحلي منظمة إنسانية قافلة مساعدات معبر حدودي مخيم النازحين طريق دولي محطة مياه شبكة الكهرباء "
    "مديرية الصحة مستشفى ميداني مدرسة ابتدائية سوق شعبي أسعار الخبز محصول القمح الوقود دورية عسكرية حاجز "
    "لجنة تحقيق مصدر محلي مراسل شهود عيان عبوة ناسفة مخلفات الحرب"
)
PLACES = vocab("إدلب حلب حمص حماة درعا دير الزور الرقة الحسكة القامشلي اللاذقية طرطوس السويداء القنيطرة دمشق")
AREAS = vocab("ريف الجنوبي الشمالي الغربي الشرقي بلدة قرية مدينة حي أطراف محيط")
VERBS = vocab(
    "قال أفاد أعلن أكد أوضح ذكر أشار أضاف نفى استهدف شهدت تعرضت سيطرت انسحبت اعتقلت أصيب قتل تضرر وصلت "
    "باشرت افتتحت أغلقت طالبت حذرت"
)
CONNECTORS = vocab("و ثم كما في حين بينما إذ بعد قبل خلال وسط نتيجة بسبب رغم")
TIMES = vocab("اليوم أمس صباح مساء فجر الليلة الماضية الأسبوع الماضي يوم الثلاثاء يوم الجمعة")
NUMBERS = vocab("ثلاثة خمسة عشرة عشرات نحو ٢٠ قرابة ١٥٠ أكثر من ٣٠ اثنين")


def sentence(rnd: random.Random, words: int) -> str:
    out = [rnd.choice(VERBS)]
    while len(out) < words:
        pick = rnd.random()
        if pick < 0.45:
            out.append(rnd.choice(NOUNS))
        elif pick < 0.6:
            out += [rnd.choice(AREAS), rnd.choice(PLACES)]
        elif pick < 0.75:
            out.append(rnd.choice(CONNECTORS))
        elif pick < 0.87:
            out.append(rnd.choice(TIMES))
        else:
            out.append(rnd.choice(NUMBERS))
    return " ".join(out)


def paragraph(rnd: random.Random) -> str:
    parts = [sentence(rnd, rnd.randint(10, 22)) for _ in range(rnd.randint(2, 4))]
    return "، ".join(parts) + "."


def headline(rnd: random.Random) -> str:
    return sentence(rnd, rnd.randint(6, 11))


def links(rnd: random.Random, n: int, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(
        f'<li{attr}><a href="/news/{rnd.randint(10_000, 999_999)}/">{headline(rnd)}</a></li>' for _ in range(n)
    )


def cards(rnd: random.Random, n: int) -> str:
    return "".join(
        f'<div class="card"><a href="/{rnd.randint(1, 10**6)}/"><img src="/img/{i}.jpg" alt="" loading="lazy">'
        f'<h4 class="card-title">{headline(rnd)}</h4></a><span class="card-date">{rnd.randint(1, 28)} '
        f'تشرين الأول 2025</span><p class="card-excerpt">{sentence(rnd, 18)}</p></div>'
        for i in range(n)
    )


def inline_state(rnd: random.Random, kb: int) -> str:
    items = []
    size = 0
    while size < kb * 1024:
        item = {"id": rnd.randint(1, 10**7), "title": headline(rnd), "excerpt": sentence(rnd, 25), "tags": PLACES[:4]}
        items.append(item)
        size += len(json.dumps(item, ensure_ascii=False).encode())
    return json.dumps({"posts": items, "config": {"ads": True, "lang": "ar"}}, ensure_ascii=False)


def comments(rnd: random.Random, n: int) -> str:
    return "".join(
        f'<li class="comment"><div class="comment-author">زائر {i}</div>'
        f'<div class="comment-content"><p>{sentence(rnd, rnd.randint(8, 30))}</p></div>'
        f'<a class="comment-reply-link" href="#">رد</a></li>'
        for i in range(n)
    )


def body_html(rnd: random.Random, paragraphs: list[str]) -> str:
    out = []
    for i, text in enumerate(paragraphs):
        words = text.split(" ")
        if len(words) > 12 and rnd.random() < 0.3:
            k = rnd.randint(2, len(words) - 3)
            words[k] = f'<a href="/tag/{words[k]}">{words[k]}</a>'
        if rnd.random() < 0.2:
            words[0] = f"<strong>{words[0]}</strong>"
        out.append(f"<p>{' '.join(words)}</p>")
        if i == 2:
            out.append(f'<p><strong>اقرأ أيضاً:</strong> <a href="/1/">{headline(rnd)}</a></p>')
        if i == 4:
            out.append(
                '<div class="ad-inline"><ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>'
                "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
            )
        if i == 6:
            out.append(
                f'<figure class="wp-caption"><img src="/img/x.jpg" alt=""><figcaption>{sentence(rnd, 8)} '
                "(تصوير: المراسل)</figcaption></figure>"
            )
    return "\n".join(out)


@dataclass
class Page:
    html: bytes
    paragraphs: list[str]
    selectors: dict[str, Any]
    shape: str


def generate_page(rnd: random.Random, n: int) -> Page:
    paragraphs = [paragraph(rnd) for _ in range(rnd.randint(8, 20))]
    title = headline(rnd)
    shape = ("wordpress", "drupal", "custom")[n % 3]
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "url": f"https://example.sy/{n}/", "name": title},
            {"@type": "NewsArticle", "headline": title, "datePublished": "2025-10-12T09:30:00+03:00"},
        ],
    }
    head = (
        f"<head><meta charset='utf-8'><title>{title} | موقع إخباري</title>"
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="موقع إخباري">'
        '<meta property="article:published_time" content="2025-10-12T09:30:00+03:00">'
        f'<link rel="canonical" href="https://example.sy/{n}/">'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        "<style>" + ".x{color:red}" * 400 + "</style>"
        f"<script>window.__STATE__ = {inline_state(rnd, 30)};</script></head>"
    )
    menu = f'<nav class="main-menu"><ul>{links(rnd, 120, "menu-item")}</ul></nav>'
    ticker = f'<div class="breaking-news"><span>عاجل</span><ul>{links(rnd, 25)}</ul></div>'
    sidebar = (
        f'<aside class="sidebar"><div class="widget most-read"><h3>الأكثر قراءة</h3>{cards(rnd, 20)}</div>'
        f'<div class="widget newsletter"><h3>النشرة البريدية</h3><form><input type="email"></form></div></aside>'
    )
    related = f'<div class="related-posts"><h3>مواضيع ذات صلة</h3>{cards(rnd, 16)}</div>'
    comment_block = (
        f'<div id="comments" class="comments-area"><ol class="comment-list">{comments(rnd, 25)}</ol>'
        '<div id="respond"><form class="comment-form"><textarea></textarea></form></div></div>'
    )
    footer = f'<footer class="site-footer"><ul>{links(rnd, 80)}</ul><p>جميع الحقوق محفوظة</p></footer>'
    share_links = "".join(f'<a href="#">{s}</a>' for s in ("فيسبوك", "تويتر", "واتساب"))
    share = f'<div class="share-buttons">{share_links}</div>'
    body = body_html(rnd, paragraphs)
    if shape == "wordpress":
        article = (
            f'<article class="post"><h1 class="entry-title">{title}</h1>{share}'
            f'<div class="entry-content">{body}</div><div class="post-tags">{links(rnd, 6)}</div>'
            f"{related}{comment_block}</article>"
        )
        selectors: dict[str, Any] = {"title": "h1.entry-title", "body": "div.entry-content"}
    elif shape == "drupal":
        article = (
            f'<div class="bs-region bs-region--right"><article class="node node--type-article">'
            f'<div class="field--name-node-title"><h1>{title}</h1></div>{share}'
            f'<div class="field field--name-body field--type-text-with-summary">{body}</div></article></div>'
            f'<div class="bs-region bs-region--left">{related}</div>{comment_block}'
        )
        selectors = {"title": "div.field--name-node-title h1", "body": "div.field--name-body p"}
    else:
        article = (
            f'<div class="page"><div class="item-title">{title}</div>{share}'
            f'<div class="item-text">{body}</div>{related}{comment_block}</div>'
        )
        selectors = {"title": "div.item-title", "body": "div.item-text", "drop": [".share-buttons"]}
    html = f'<!DOCTYPE html><html lang="ar" dir="rtl">{head}<body>{menu}{ticker}{article}{sidebar}{footer}'
    pad = 0
    while len(html.encode()) < MIN_PAGE_BYTES:
        pad += 1
        html += f'<div class="footer-links">{cards(rnd, 10)}</div>'
    html += '<script src="/js/app.js"></script><script>gtag("config", "G-1");</script></body></html>'
    return Page(html.encode("utf-8"), paragraphs, selectors, shape)


def generate_pages(count: int, seed: int) -> list[Page]:
    """`count` seeded pages, each at least MIN_PAGE_BYTES of HTML."""
    rnd = random.Random(seed)
    return [generate_page(rnd, i) for i in range(count)]


def ours(page: Page, use_selectors: bool = True) -> list[str]:
    html = decode_html(page.html, content_type="text/html; charset=utf-8")
    return extract_page(html, "https://example.sy/", page.selectors if use_selectors else None).paragraphs


def theirs(html: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    return [line for line in text.split("\n") if line.strip()]


def timed_interleaved(fns: list[Callable[[int], Any]], n: int, repeat: int) -> list[float]:
    """Seconds per extractor for all n pages: per page, the best of `repeat` runs, summed.

    The extractors run alternately page by page, so load from other processes on a shared
    machine hits them alike instead of skewing whichever happened to run during a spike.
    """
    totals = [0.0] * len(fns)
    for i in range(n):
        for k, fn in enumerate(fns):
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                fn(i)
                best = min(best, time.perf_counter() - start)
            totals[k] += best
    return totals


def peak_heap(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def clean_extract(n_pages: int = 100, seed: int = 7, repeat: int = 1) -> dict[str, Any]:
    """Articles/s of the whole clean + extract path (clean_page → extract_events) vs trafilatura.extract.

    Same generated ≥ 100 KB pages for both, timed interleaved page by page (best of `repeat`);
    trafilatura gets the decoded text. Also the peak Python heap of one page for each (tracemalloc,
    untimed pass) and how many pages ours turned into articles and event reports.
    """
    import trafilatura  # noqa: F401 - import cost kept out of the timings

    from etl.clean.page import clean_page
    from etl.extract import extract_events
    from etl.models import Article, RawPage

    generated = generate_pages(n_pages, seed)
    fetched = dt.datetime(2025, 10, 12, tzinfo=dt.UTC)
    raws = [RawPage(outlet="bench", url=f"https://example.sy/{i}/", final_url=f"https://example.sy/{i}/",
                    status=200, fetched_at=fetched, body=p.html, content_type="text/html; charset=utf-8")
            for i, p in enumerate(generated)]
    texts = [p.html.decode("utf-8") for p in generated]

    def ours_full(i: int) -> int:
        article = clean_page(raws[i], generated[i].selectors)
        return len(extract_events(article)) if isinstance(article, Article) else -1

    for i in range(min(3, n_pages)):  # warm-up: gazetteer, lexicons, regex compiles
        ours_full(i)
        theirs(texts[i])
    t_ours, t_theirs = timed_interleaved([ours_full, lambda i: theirs(texts[i])], n_pages, repeat)
    outcomes = [ours_full(i) for i in range(n_pages)]
    sample = range(min(10, n_pages))
    return {
        "pages": n_pages, "seed": seed, "mean_kb": sum(len(p.html) for p in generated) / n_pages / 1024,
        "articles_per_s": n_pages / t_ours, "trafilatura_per_s": n_pages / t_theirs, "ratio": t_theirs / t_ours,
        "articles": sum(o >= 0 for o in outcomes), "reports": sum(max(o, 0) for o in outcomes),
        "peak_heap_mb": max(peak_heap(lambda i=i: ours_full(i)) for i in sample) / 2**20,
        "trafilatura_peak_heap_mb": max(peak_heap(lambda i=i: theirs(texts[i])) for i in sample) / 2**20,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, optionally append a line to bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the best is kept")
    parser.add_argument("--record", action="store_true", help="append the result to bench/RESULTS.md")
    args = parser.parse_args(argv)

    import trafilatura  # noqa: F401 - import cost kept out of the timings

    pages = generate_pages(args.pages, args.seed)
    texts = [p.html.decode("utf-8") for p in pages]
    sizes = [len(p.html) for p in pages]
    for page, text in zip(pages[:3], texts[:3], strict=True):  # warm-up: imports, regex compiles
        ours(page)
        ours(page, use_selectors=False)
        theirs(text)

    t_sel, t_fb, t_tr = timed_interleaved(
        [lambda i: ours(pages[i]), lambda i: ours(pages[i], use_selectors=False), lambda i: theirs(texts[i])],
        len(pages),
        args.repeat,
    )

    f1_sel = sum(page_text_f1(ours(p), p.paragraphs) for p in pages) / len(pages)
    f1_fb = sum(page_text_f1(ours(p, False), p.paragraphs) for p in pages) / len(pages)
    f1_tr = sum(page_text_f1(theirs(t), p.paragraphs) for p, t in zip(pages, texts, strict=True)) / len(pages)
    sample = pages[: min(10, len(pages))]
    mem_ours = max(peak_heap(lambda p=p: ours(p)) for p in sample)
    mem_tr = max(peak_heap(lambda t=t: theirs(t)) for t in texts[: len(sample)])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(pages)
    rows = [
        ("ours, outlet selectors", n / t_sel, f1_sel, mem_ours),
        ("ours, no selectors (fallback)", n / t_fb, f1_fb, None),
        ("trafilatura.extract", n / t_tr, f1_tr, mem_tr),
    ]
    ratio_sel = t_tr / t_sel
    ratio_fb = t_tr / t_fb
    print(f"pages: {n} (seed {args.seed}), HTML {min(sizes) / 1024:.0f}–{max(sizes) / 1024:.0f} KB each, "
          f"mean {sum(sizes) / n / 1024:.0f} KB; per page best of {args.repeat} runs, interleaved")  # fmt: skip
    print(f"{'extractor':32} {'articles/s':>11} {'body F1':>8} {'peak heap/page':>15}")
    for name, rate, f1, mem in rows:
        mem_s = f"{mem / 2**20:.1f} MB" if mem is not None else "-"
        print(f"{name:32} {rate:11.1f} {f1:8.3f} {mem_s:>15}")
    print(f"ratio ours/trafilatura (articles/s): selectors {ratio_sel:.2f}, fallback {ratio_fb:.2f}")
    print(f"process max RSS: {rss_mb:.0f} MB")

    result = {
        "pages": n,
        "ours_selectors": n / t_sel,
        "ours_fallback": n / t_fb,
        "trafilatura": n / t_tr,
        "ratio_selectors": ratio_sel,
        "ratio_fallback": ratio_fb,
        "f1": (f1_sel, f1_fb, f1_tr),
        "peak_heap_mb": (mem_ours / 2**20, mem_tr / 2**20),
    }
    if args.record:
        record(result)
    return result


def record(result: dict[str, Any]) -> None:
    """Append one section to bench/RESULTS.md (created with its header if missing)."""
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n", encoding="utf-8")
    f1_sel, f1_fb, f1_tr = result["f1"]
    heap_ours, heap_tr = result["peak_heap_mb"]
    line = (
        f"\n## clean_bench — {dt.date.today().isoformat()} — {platform.machine()}, {os.cpu_count()} CPUs\n\n"
        f"`python -m bench.clean_bench --pages {result['pages']}`: "
        f"ours {result['ours_selectors']:.1f} articles/s with selectors "
        f"({result['ratio_selectors']:.2f}× trafilatura), "
        f"{result['ours_fallback']:.1f}/s fallback-only ({result['ratio_fallback']:.2f}×); "
        f"trafilatura.extract {result['trafilatura']:.1f}/s. "
        f"Body token F1 {f1_sel:.3f} / {f1_fb:.3f} / {f1_tr:.3f} (selectors / fallback / trafilatura). "
        f"Peak Python heap per page {heap_ours:.1f} MB vs {heap_tr:.1f} MB "
        f"(1-min load average {os.getloadavg()[0]:.1f} while measuring, shared machine).\n"
    )
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(line)


if __name__ == "__main__":
    main()
