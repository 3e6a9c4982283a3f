"""Split long texts into chunks the pipeline can take, and shift results back."""

from __future__ import annotations

MAX_CHARS = 100_000


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of at most ``max_chars``.

    Cuts at a blank line, else a line break, else a sentence end, else a space.
    """
    chunks = []
    offset = 0
    while len(text) - offset > max_chars:
        window = text[offset:offset + max_chars]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, max_chars // 2)
            if cut != -1:
                cut += len(sep)
                break
        if cut <= 0:
            cut = max_chars
        chunks.append((offset, text[offset:offset + cut]))
        offset += cut
    chunks.append((offset, text[offset:]))
    return chunks


def shift(items: list[dict], offset: int, keys: tuple[str, str]) -> list[dict]:
    """Add ``offset`` to the two span keys of every item (in place) and return them."""
    if offset:
        for item in items:
            item[keys[0]] += offset
            item[keys[1]] += offset
    return items
