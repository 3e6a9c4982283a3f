"""frt's own crawler signals (sent with ``crawler.signals.send_catch_log``)."""

source_error = object()
"""Sent by a spider (``SourceSpider.report_error``) with ``spider`` and ``reason`` (one line)
whenever a page or record could not be turned into a document."""

document_stored = object()
"""Sent by the store pipeline with ``spider`` and ``item`` (a DocumentItem with ``status``
new/changed/unchanged, or a NotModifiedItem) once the item's batch is committed."""
