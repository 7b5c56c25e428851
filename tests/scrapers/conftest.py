"""Fixtures for crawl tests: small article lists of our own, fast Scrapy settings."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

# Scrapy settings for tests: no throttling or politeness delays, one quick retry.
FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "DOWNLOAD_TIMEOUT": 3,
    "LOG_LEVEL": "INFO",
}

# Our own sentences (not from any outlet or the dev corpus).
PLACES = ["إدلب", "درعا", "حمص", "الحسكة", "دير الزور", "حلب", "اللاذقية"]
TOPICS = [
    ("افتتاح مخبز آلي جديد في {place}", "افتتحت الجهات المحلية في {place} مخبزاً آلياً جديداً يغطي حاجة ثلاثة أحياء."),
    ("انقطاع المياه عن أحياء في {place} لإصلاح خط رئيسي",
     "أعلنت مؤسسة المياه في {place} توقف الضخ يومين لإصلاح عطل في الخط الرئيسي."),
    ("حملة لقاح للأطفال تبدأ في ريف {place}", "بدأت فرق صحية حملة لقاح تستهدف الأطفال دون الخامسة في ريف {place}."),
    ("ارتفاع أسعار الخضار في أسواق {place}", "شهدت أسواق {place} ارتفاعاً في أسعار الخضار بسبب موجة البرد."),
    ("ترميم مدرسة ابتدائية في {place}", "أنهت ورشات محلية ترميم مدرسة ابتدائية في {place} قبل بدء الفصل الثاني."),
]


def make_articles(outlet: str, count: int, newest: datetime, step_hours: float = 20, first_id: int = 500100,
                  slugs: bool = False) -> list[dict]:
    """`count` articles for `outlet`, newest first, `step_hours` apart."""
    articles = []
    for i in range(count):
        place = PLACES[(i + len(outlet)) % len(PLACES)]
        title, lead = (t.format(place=place) for t in TOPICS[i % len(TOPICS)])
        title = f"{title} ({i + 1})"
        published = newest - timedelta(hours=step_hours * i)
        articles.append({
            "outlet": outlet,
            "id": ("-".join(title.replace("(", "").replace(")", "").split()[:6]) if slugs else str(first_id + i)),
            "section": "محليات",
            "published": published.isoformat(),
            "title": title,
            "author": "فريق التحرير",
            "body": f"{place} – خاص\n{lead}\n\nوقال مسؤول محلي إن العمل سيستمر خلال الأسابيع المقبلة "
                    f"وفق خطة معلنة.\n\nوأضاف أن الأهالي طالبوا بمتابعة المشروع حتى نهايته.",
        })
    return articles


@pytest.fixture
def fast() -> dict:
    return dict(FAST)
