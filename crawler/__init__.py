"""frt's crawler: sources as YAML data, five generic Scrapy spiders, one run_crawl() entry point.

Layout:
    registry.py     the Source model and loader (crawler/sources/**/<id>.yml, validated)
    sources/        one YAML file per source, in a folder per jurisdiction or kind
    spiders/        feed, sitemap, json_api, html_listing, pdf (+ base.py, documents.py)
    extract/        parsing helpers: feeds, articles (JSON-LD, meta, trafilatura), PDFs, dates
    middlewares.py  API keys from the environment, conditional GETs, Retry-After
    robots.py       robots.txt per RFC 9309 (5xx disallows the site)
    settings.py     every Scrapy setting frt relies on, with its default and reason
    runner.py       run_crawl(): all sources concurrently in one CrawlerProcess
    run_cli.py      ``python -m crawler.run_cli``: one crawl per process, JSON report

Items (crawler/items.py) go through pipelines/ (clean, keyword filter, dedupe, store).
"""
