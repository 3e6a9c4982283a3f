"""Split long texts into chunks the pipeline can take, and shift results back.

A text of up to :data:`MAX_CHARS` characters is one Doc, as it always was. A longer text is
streamed through the pipeline in pieces of about :data:`PIECE_CHARS` characters, cut at
paragraph breaks where there are any: several components (commitments, relations) cost
O(length of the Doc) per candidate sentence, so a Doc of 100k characters runs at a fraction
of the corpus words/s and a batch of them holds gigabytes (issue 12: a 5 MB text took 8
minutes and 2.6 GB in 100k pieces). What a piece loses is context from paragraphs far
before it (an actor named pages earlier), which a 100k cut lost too, only less often.
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_CHARS = 100_000
PIECE_CHARS = 5_000
SEPARATORS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, max_chars: int = MAX_CHARS, piece_chars: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces: the whole text when it has at most
    ``max_chars`` characters, else pieces of at most ``piece_chars`` (see :func:`iter_pieces`)."""
    if len(text) <= max_chars:
        return [(0, text)]
    return list(iter_pieces(text, min(piece_chars, max_chars)))


def iter_pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of at most ``size`` characters covering ``text`` in order.

    Cuts after a blank line, else a line break, else a sentence end, else a space, in the
    second half of each window; a window with none of them is cut at ``size``.
    """
    offset = 0
    while len(text) - offset > size:
        cut = -1
        for sep in SEPARATORS:
            # search text[offset + size//2 : offset + size] without copying the window
            cut = text.rfind(sep, offset + size // 2, offset + size)
            if cut != -1:
                cut += len(sep) - offset
                break
        if cut <= 0:
            cut = size
        yield offset, text[offset:offset + cut]
        offset += cut
    yield offset, text[offset:]


def shift(items: list[dict], offset: int, keys: tuple[str, str]) -> list[dict]:
    """Add ``offset`` to the two span keys of every item (in place) and return them."""
    if offset:
        for item in items:
            item[keys[0]] += offset
            item[keys[1]] += offset
    return items
