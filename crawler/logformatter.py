"""Log lines for dropped items: the pipeline's reason (which names the key), without the
whole item, at INFO: a keyword-filter drop or an in-run duplicate is routine, not a warning."""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


class FrtLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s",
                "args": {"exception": exception}}


class OneLineFilter(logging.Filter):
    """For the terminal: one line per log record, the reason without its traceback (the
    crawl summary repeats each source's reasons; ``--log-file`` keeps full tracebacks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage().splitlines()[0]} ({type(exc).__name__})"
            record.args = ()
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def one_line_console_logs(*_args, **_kwargs) -> None:
    """Attach :class:`OneLineFilter` to the root handlers that do not write to a file.

    Scrapy installs its root handler again as each crawler applies its settings, so this is
    connected to ``spider_opened`` (it accepts and ignores the signal's arguments)."""
    for handler in logging.getLogger().handlers:
        if not isinstance(handler, logging.FileHandler) and \
                not any(isinstance(f, OneLineFilter) for f in handler.filters):
            handler.addFilter(OneLineFilter())
