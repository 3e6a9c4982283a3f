"""A stand-in extractor for KB tests: returns results written in the test, in the
``frt extract`` JSON shape, keyed by a marker word in the document text."""

from __future__ import annotations


def commitment(actor, action, text, quote, scope="police", start=None, end=None, product=None,
               duration=None, condition=None):
    i = text.index(quote)
    return {"actor": actor, "action": action, "scope": scope, "product": product, "start": start,
            "end": end, "duration": duration, "condition": condition, "quote": quote,
            "start_char": i, "end_char": i + len(quote)}


def entity(text, surface, label, canonical=None):
    i = text.index(surface)
    return {"text": surface, "label": label, "canonical": canonical or surface, "start": i,
            "end": i + len(surface)}


class FakeExtractor:
    version = "fake/1"

    def __init__(self, results):
        self.results = results
        self.calls = 0
        self.hints: list[dict] = []

    def extract_many(self, pairs, batch_size=32):
        for text, doc_date, hints in pairs:
            self.calls += 1
            self.hints.append(hints)
            result = {"document_date": doc_date.isoformat() if doc_date else None,
                      "entities": [], "commitments": [], "findings": []}
            for marker, make in self.results.items():
                if marker in text:
                    result.update(make(text))
            yield result
