"""The library API: :class:`Extractor` (one pipeline, many documents)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .build import build_pipeline
from .chunking import shift, split_text
from .commitments.registry import dedupe
from .constants import ENTITY_LABELS, HINT_KINDS
from .model import resolve_model_name
from .relations import find_relations, unique_relations
from .version import EXTRACTOR_VERSION


class Extractor:
    """Extract entities, commitments and findings from texts.

    Args:
        model: ``"auto"``, ``"none"`` (rules only) or a spaCy model package name; None reads
            the ``FRT_SPACY_MODEL`` environment variable (default ``auto``).
        decider: ``"rules"``, ``"model"`` or ``"combined"`` (who decides which clauses are
            commitments and which numbers are findings); None reads ``FRT_DECIDER``.

    Example:
        >>> ex = Extractor(model="none")
        >>> r = ex.extract("IBM no longer offers facial recognition software.", dt.date(2020, 6, 8))
        >>> r["commitments"][0]["action"]
        'exit'
    """

    version = EXTRACTOR_VERSION

    def __init__(self, model: str | None = None, decider: str | None = None) -> None:
        self.model_name: str | None = resolve_model_name(model)
        self.nlp = build_pipeline(self.model_name, decider)
        self.decider: str = self.nlp.get_pipe("frt_decider_v1").mode

    def extract(self, text: str, document_date: dt.date | None = None, hints: dict | None = None) -> dict:
        """Extract from one text. See :meth:`extract_many` for the result shape.

        Args:
            text: The document text; offsets in the result index into it.
            document_date: Date relative expressions resolve against (a datetime or ISO
                string is accepted too); None leaves relative dates unresolved.
            hints: Optional document metadata, see :func:`as_hints`.
        """
        return next(self.extract_many([(text, document_date, hints)]))

    def extract_many(self, items: Iterable[tuple], batch_size: int = 32) -> Iterator[dict]:
        """Extract from ``(text, document_date)`` or ``(text, document_date, hints)`` items,
        batched through ``nlp.pipe``. A text longer than ``chunking.MAX_CHARS`` streams
        through in pieces of ``chunking.PIECE_CHARS`` (each piece's Doc becomes a small
        result before the pipeline holds more than a batch of pieces), merged back.

        Yields, per input and in order:
            ``{"document_date", "entities", "commitments", "findings"}`` where every
            quote equals ``text[start_char:end_char]``.
        """
        pending: list[tuple[int, int, dt.date | None]] = []  # (input index, n chunks, date)

        def docs() -> Iterator[Doc]:
            for index, item in enumerate(items):
                text, date = item[0], as_date(item[1])
                hints = as_hints(item[2] if len(item) > 2 else None)
                chunks = split_text(text or "")
                pending.append((index, len(chunks), date))
                for offset, chunk in chunks:
                    yield self._piece(chunk, offset, date, hints, streamed=len(chunks) > 1)

        parts: list[dict] = []
        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            parts.append(_result(doc))
            _, n, date = pending[0]
            if len(parts) == n:
                pending.pop(0)
                yield _merge(parts, date)
                parts = []

    def _piece(self, chunk: str, offset: int, date: dt.date | None, hints: dict, streamed: bool) -> Doc:
        doc = self.nlp.make_doc(chunk)
        doc._.frt_date = date
        doc.user_data["frt_offset"] = offset
        doc.user_data["frt_streamed"] = streamed  # a piece of a long text
        doc.user_data["frt_hints"] = hints
        return doc

    def extract_pieces(self, pieces: Iterable[tuple], batch_size: int = 32) -> Iterator[dict]:
        """The partial result of each ``(chunk, offset, document_date, hints)`` piece of a long
        text (``chunking.split_text``), in order; :func:`merge_pieces` makes them the text's
        result, the one :meth:`extract` gives. Lets several processes share one long text."""
        docs = (self._piece(chunk, offset, as_date(date), as_hints(hints), streamed=True)
                for chunk, offset, date, hints in pieces)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield _result(doc)


def merge_pieces(parts: list[dict], document_date: dt.date | str | None) -> dict:
    """A long text's result from its pieces' partial results (:meth:`Extractor.extract_pieces`)."""
    return _merge(parts, as_date(document_date))


def as_date(value: dt.date | dt.datetime | str | None) -> dt.date | None:
    """Accept a date, a datetime (its day) or an ISO string as the document date.

    Raises:
        ValueError: for a string that is not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_hints(value: dict | None) -> dict:
    """Normalise document hints: ``{"kind", "actor", "title"}``, each possibly None.

    ``kind`` is one of :data:`HINT_KINDS` (bill, law, announcement, paper, report, record;
    any other kind counts as None); ``actor`` the legislature/jurisdiction a bill or
    record belongs to.

    Raises:
        ValueError: on unknown keys.
    """
    hints = dict(value or {})
    unknown = set(hints) - {"kind", "actor", "title"}
    if unknown:
        raise ValueError(f"unknown hint keys {sorted(unknown)}")
    kind = hints.get("kind")
    return {"kind": kind if kind in HINT_KINDS else None, "actor": hints.get("actor") or None, "title": hints.get("title") or None}


def _result(doc: Doc) -> dict:
    offset = doc.user_data.get("frt_offset", 0)
    internal = doc.user_data.get("frt_internal_ents") or set()
    spans = [e for e in doc.ents if e.label_ in ENTITY_LABELS and (e.start_char, e.end_char) not in internal]
    entities = [
        {"text": e.text, "label": e.label_, "canonical": e.kb_id_ or e.text,
         "start": e.start_char + offset, "end": e.end_char + offset}
        for e in spans
    ]
    return {
        "entities": entities,
        "commitments": shift(list(doc._.frt_commitments or []), offset, ("start_char", "end_char")),
        "findings": shift(list(doc._.frt_findings or []), offset, ("start_char", "end_char")),
        "relations": shift(find_relations(doc, spans), offset, ("start_char", "end_char")),
    }


def _merge(parts: list[dict], date: dt.date | None) -> dict:
    return {
        "document_date": date.isoformat() if date else None,
        "entities": [e for p in parts for e in p["entities"]],
        # one piece is deduped already (and knew which claims its sentences date apart)
        "commitments": dedupe([c for p in parts for c in p["commitments"]]) if len(parts) > 1
        else list(parts[0]["commitments"]) if parts else [],
        "findings": [f for p in parts for f in p["findings"]],
        "relations": unique_relations([r for p in parts for r in p["relations"]]),
    }
