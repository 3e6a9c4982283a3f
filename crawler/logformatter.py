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


REDACTED = "[secret]"


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret value (an API key from a source's env var) replaced."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class SecretRedactor(logging.Filter):
    """On every root handler, files included: no log line carries an API key, whatever logs
    it (Scrapy's request lines put query-string keys in the URL; a retry gives up naming it)."""

    def __init__(self, secrets: tuple[str, ...]):
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it to the handler's own error path
            return True
        if any(s in message for s in self.secrets):
            record.msg, record.args = redact(message, self.secrets), ()
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(s in text for s in self.secrets):
                record.exc_text, record.exc_info = redact(text, self.secrets), None
        return True


def redact_logs(secrets: tuple[str, ...]):
    """A spider_opened handler attaching :class:`SecretRedactor` to every root handler (Scrapy
    installs its handler again as each crawler applies its settings)."""
    def attach(*_args, **_kwargs) -> None:
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, SecretRedactor) for f in handler.filters):
                handler.addFilter(SecretRedactor(secrets))
    return attach
