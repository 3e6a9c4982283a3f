"""``frt_candidate_parser_v1``: run the model's parser on candidate sentences only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..config import check_config
from ..spans import copies

DEFAULTS = {"components": ["tok2vec", "tagger", "parser"], "kinds": ["commitment"]}


@Language.factory("frt_candidate_parser_v1", default_config=DEFAULTS)
def make_candidate_parser(nlp: Language, name: str, components: list[str], kinds: list[str]):
    """Factory for :class:`CandidateParser`."""
    return CandidateParser(nlp, components=components, kinds=kinds)


class CandidateParser:
    """Copies candidate sentences into small Docs and parses them in batches.

    The copies go to ``doc._.frt_parsed`` keyed by the sentence's first token index; the
    main Doc stays unparsed. Components missing from the pipeline are skipped, so in
    rules-only mode the copies are simply unparsed.
    """

    def __init__(self, nlp: Language, **config) -> None:
        cfg = check_config("frt_candidate_parser_v1", config, DEFAULTS)
        self.nlp = nlp
        self.names = list(cfg["components"])
        self.kinds = set(cfg["kinds"])

    def _procs(self) -> list:
        have = set(self.nlp.component_names)
        return [self.nlp.get_pipe(n) for n in self.names if n in have]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        procs = self._procs()
        for batch in minibatch(docs, size=batch_size):
            keyed = []
            for doc in batch:
                doc._.frt_parsed = {}
                starts = [start for start, kinds in (doc._.frt_candidates or {}).items() if kinds & self.kinds]
                for start, copy in zip(starts, copies(doc, [doc[start].sent for start in starts])):
                    keyed.append((doc, start, copy))
            subdocs = [sd for _, _, sd in keyed]
            for proc in procs:
                subdocs = list(proc.pipe(subdocs)) if hasattr(proc, "pipe") else [proc(d) for d in subdocs]
            for (doc, start, _), parsed in zip(keyed, subdocs):
                doc._.frt_parsed[start] = parsed
            yield from batch
