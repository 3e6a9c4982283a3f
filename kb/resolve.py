"""Entity resolution into the KB: canonical entities with aliases, fuzzy matching, judgements.

Order of decisions for a surface name of a given type:
1. an analyst judgement (merge X into Y; split X out of whatever it was merged into);
2. an exact alias already in the KB;
3. a fuzzy match (rapidfuzz token_sort_ratio >= threshold) against entities of the same type;
4. a new entity.
Judgements live in their own table, so they are applied again on every rebuild.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from kb.models import Alias, Entity, Judgement

FUZZY_THRESHOLD = 92.0


def entity_ref(name: str, type_: str) -> str:
    """How judgements name an entity: "Amazon Web Services|VENDOR"."""
    return f"{name}|{type_}"


def _parse_ref(ref: str) -> tuple[str, str | None]:
    name, _, type_ = ref.partition("|")
    return name, (type_ or None)


class Resolver:
    """Resolves (name, type) pairs to Entity ids within one session, caching as it goes."""

    def __init__(self, session: Session, threshold: float = FUZZY_THRESHOLD):
        self.session = session
        self.threshold = threshold
        self._alias: dict[tuple[str, str], int] = {}
        self._names: dict[str, dict[str, int]] = {}
        for ent in session.exec(select(Entity)):
            self._names.setdefault(ent.type, {})[ent.name] = ent.id
        for alias, ent_id, type_ in session.exec(
                select(Alias.alias, Alias.entity_id, Entity.type).join(Entity)):
            self._alias[(alias, type_)] = ent_id
        self.merges: dict[tuple[str, str], tuple[str, str]] = {}
        self.splits: set[tuple[str, str]] = set()
        for j in session.exec(select(Judgement).where(Judgement.kind.in_(["merge", "split"]))):
            name, type_ = _parse_ref(j.target)
            key = (name.lower(), type_ or "*")
            if j.kind == "merge" and j.value:
                target, ttype = _parse_ref(j.value)
                self.merges[key] = (target, ttype or type_ or "")
            elif j.kind == "split":
                self.splits.add(key)

    def _create(self, name: str, type_: str, attrs: dict | None = None) -> int:
        ent = Entity(name=name, type=type_, attrs=attrs or {})
        self.session.add(ent)
        self.session.flush()
        self._names.setdefault(type_, {})[name] = ent.id
        self._add_alias(ent.id, name, type_)
        return ent.id

    def _add_alias(self, ent_id: int, surface: str, type_: str) -> None:
        key = (surface.lower(), type_)
        if self._alias.get(key) == ent_id:
            return
        self._alias[key] = ent_id
        exists = self.session.exec(select(Alias).where(Alias.alias == key[0],
                                                       Alias.entity_id == ent_id)).first()
        if exists is None:
            self.session.add(Alias(entity_id=ent_id, alias=key[0]))

    def resolve(self, name: str, type_: str, surface: str | None = None,
                attrs: dict | None = None) -> int:
        """Entity id for a canonical ``name`` of ``type_`` (``surface`` is the text as written)."""
        name = " ".join(name.split())
        for key in ((name.lower(), type_), (name.lower(), "*")):
            if key in self.merges:
                target, ttype = self.merges[key]
                ent_id = self.resolve(target, ttype or type_)
                self._add_alias(ent_id, surface or name, ttype or type_)
                return ent_id
        split = (name.lower(), type_) in self.splits or (name.lower(), "*") in self.splits
        known = self._names.get(type_, {})
        if name in known:
            ent_id = known[name]
        elif not split and (name.lower(), type_) in self._alias:
            ent_id = self._alias[(name.lower(), type_)]
        else:
            match = None if split or not known else process.extractOne(
                name, list(known), scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold)
            ent_id = known[match[0]] if match else self._create(name, type_, attrs)
        if surface and surface.lower() != name.lower():
            self._add_alias(ent_id, surface, type_)
        return ent_id
