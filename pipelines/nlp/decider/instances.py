"""Turn sentences and numbers into the classifier's inputs (shared by training and use).

Entity names are replaced by their labels ("Amazon said it would ..." -> "VENDOR said it
would ..."), so the model learns how commitments and findings are stated, not who states
them; the document kind leads the text (``KIND_bill``), and a number under decision is
wrapped in ``[[ ]]``.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

# A measured value: a percentage, a multiple or a rate written as a number with a unit.
NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(%|percent\b|per\s+cent\b|times\b|-?fold\b|x\b)",
                    re.IGNORECASE)
ANY = "commitment"  # the clause states some commitment or measure
CLAUSE_LABELS = (ANY, "moratorium", "pause", "exit", "no_sale", "ban", "extension", "reversal",
                 "feature_retirement", "restriction", "regulation")
NUMBER_LABEL = "finding"
MASKED = ("VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION", "PRODUCT", "PERSON", "LAW",
          "STUDY", "DATASET")


def masked(sent: Span, mark: tuple[int, int] | None = None) -> str:
    """The sentence with entity names replaced by labels; ``mark`` (absolute char span)
    wrapped in ``[[ ]]``."""
    text, base = sent.text, sent.start_char
    edits = [(e.start_char - base, e.end_char - base, e.label_) for e in sent.ents if e.label_ in MASKED]
    if mark is not None:
        a, b = mark[0] - base, mark[1] - base
        edits = [x for x in edits if x[1] <= a or x[0] >= b]
        edits.append((a, b, "[[ " + text[a:b] + " ]]"))
    out, pos = [], 0
    for s, e, rep in sorted(edits):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def clause_text(sent: Span, kind: str | None, cues: tuple[str, ...] = ()) -> str:
    """Input for the clause classifier: the document kind, the rules' cues (trigger
    classes found in the sentence: ``CUE_ban``) and the masked sentence."""
    lead = " ".join(f"CUE_{c}" for c in cues)
    return f"KIND_{kind or 'none'} {lead} {masked(sent)}".replace("  ", " ")


def numbers(sent: Span) -> list[tuple[int, int, float]]:
    """(start_char, end_char, value) of every number with a unit in the sentence."""
    out = []
    for m in NUMBER.finditer(sent.text):
        try:
            value = float(m.group(1).replace(",", "."))
        except ValueError:
            continue
        out.append((sent.start_char + m.start(), sent.start_char + m.end(), value))
    return out


def number_text(sent: Span, span: tuple[int, int], kind: str | None) -> str:
    """Input for the number classifier."""
    return f"KIND_{kind or 'none'} {masked(sent, span)}"
