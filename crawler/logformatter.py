"""Log lines for dropped items: the pipeline's reason (which names the key), without the
whole item, at INFO: a keyword-filter drop or an in-run duplicate is routine, not a warning."""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


class FrtLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s",
                "args": {"exception": exception}}
