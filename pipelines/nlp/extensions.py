"""Custom attributes on Doc used by the frt components (registered once, idempotently)."""

from spacy.tokens import Doc

DOC_EXTENSIONS = {
    "frt_date": None,          # datetime.date | None: the document date (set before the pipeline)
    "frt_model_dates": None,   # list[(start_char, end_char)] of the model's DATE entities
    "frt_relevant": False,     # bool: the document mentions face recognition at all
    "frt_candidates": None,    # dict[sent_start_token, set[str]]: "commitment" / "finding"
    "frt_parsed": None,        # dict[sent_start_token, Doc]: parsed copies of candidate sentences
    "frt_decisions": None,     # dict[sent_start_token, {"actions": {label: p}, "numbers": {span: p}}]
    "frt_commitments": None,   # list[dict]
    "frt_findings": None,      # list[dict]
}


def register_extensions() -> None:
    """Register the Doc extensions used by the frt components."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
