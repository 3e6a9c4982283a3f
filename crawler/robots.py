"""robots.txt as RFC 9309 reads it: a 4xx robots.txt allows everything, a 5xx one (after
retries) disallows everything. Scrapy parses whatever body came back, so a 503 error page
would read as "allow all"."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware

logger = logging.getLogger(__name__)
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class Rfc9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    # Overrides a private hook of Scrapy 2.19 (tests/crawler/test_robots.py guards it).
    async def _parse_robots(self, response, netloc, request):
        if 500 <= response.status < 600:
            logger.warning("%s answered %s for robots.txt: treating the site as disallowed",
                           netloc, response.status)
            response = response.replace(body=DISALLOW_ALL)
        elif 400 <= response.status < 500:
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)
