"""Cheap candidate gate, line-break sentence boundaries and the parse-on-candidates component."""

from . import paragraphs, parse, registry  # noqa: F401  (register the factories)
