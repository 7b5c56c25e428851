"""Scrapy settings for the outlet spiders (politeness first). Per-run values — database URL,
user agent, timeouts, base URL — are set by scrapers.run from etl.config.Settings."""

BOT_NAME = "syria-events"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

USER_AGENT = "syria-events/0.1 (+https://github.com/syria-events/syria-events; data@syria-events.org)"
ROBOTSTXT_OBEY = True
CRAWL_DELAY_MAX = 30.0  # seconds; a robots.txt asking more is capped (and logged)

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0  # the outlet's politeness.download_delay replaces it per run
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # larger pages are cancelled and recorded as too_large
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 10

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0  # seconds, doubled per attempt unless Retry-After says otherwise
RETRY_BACKOFF_MAX = 120.0

HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
    "scrapers.middlewares.CrawlDelayMiddleware": 105,  # after robots.txt (100) is known
}
ITEM_PIPELINES = {"scrapers.pipelines.ArchivePipeline": 300}

# Set per run (scrapers.run): where pages are archived and which crawl_run they belong to.
SYRIA_EVENTS_DATABASE_URL = None
SYRIA_EVENTS_CRAWL_RUN_ID = None
OUTLET_BASE_URL = None  # overrides the outlet's base_url (mirror, staging copy, test server)
OUTLET_MAX_PAGES = 500  # listing pages per section, a backstop against endless pagination
WP_JSON_PER_PAGE = 50
REMOTE_CONTROL_ENABLED = False  # no control port on crawl machines

