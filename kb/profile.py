"""What the knowledge base knows about one entity (``frt entity``), and the entity list
(``frt entities``). Query logic only: the CLI renders what these functions return.

An entity is found by its name or an alias, case-insensitively; when nothing matches,
:class:`EntityNotFound` names the closest names and aliases (rapidfuzz), so a misspelling
gets a suggestion rather than a blank. A profile gathers:

- structure from the typed Edge rows (a product ``made_by`` its vendor, ``subsidiary_of``
  / ``parent_of``, people who ``works_for`` it with the role the text gives, agencies that
  ``uses`` it or that it ``supplies``) and products named by its commitments;
- its commitments and measures as facts with derived status (as ``frt commitments``), as
  actor, as the target of a regulator's order, or about one of its products;
- findings about it or its products (as ``frt findings``), or that it reported (a study);
- laws of its jurisdiction, or whose text mentions it;
- documents that mention it, newest first, and its graph neighbours (typed edges with
  evidence, and the entities most often mentioned in the same documents).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, or_
from sqlmodel import Session, select

from kb import queries
from kb.constants import EntityType
from kb.errors import KBError
from kb.factgroups import actor_key
from kb.judgements import fact_judgements
from kb.laws import LEGISLATIVE_KINDS
from kb.models import Alias, Commitment, Document, Edge, Entity, Finding, Mention, Source

# How a typed edge reads from the entity's side: (edge type, direction) -> role.
ROLES = {
    ("made_by", "in"): "products", ("made_by", "out"): "maker",
    ("subsidiary_of", "out"): "parent", ("subsidiary_of", "in"): "subsidiaries",
    ("parent_of", "out"): "subsidiaries", ("parent_of", "in"): "parent",
    ("owned_by", "out"): "parent", ("owned_by", "in"): "subsidiaries",
    ("works_for", "in"): "people", ("works_for", "out"): "works_for",
    ("uses", "in"): "customers", ("supplies", "out"): "customers",
    ("uses", "out"): "suppliers", ("supplies", "in"): "suppliers",
}
QUALIFIER_SEP = ":"  # a stored edge type "works_for:chief executive" is works_for with a qualifier
SUGGESTIONS = 3
SUGGEST_CUTOFF = 65.0
GOVERNMENT_TYPES = {"JURISDICTION", "LEGISLATURE", "AGENCY"}


class EntityNotFound(KBError):
    """Raised by :func:`find_entity` when no entity has the name or alias asked for; the
    message suggests the closest names."""


def _check_type(type_: str | None) -> str | None:
    if type_ is None:
        return None
    wanted = type_.upper()
    if wanted not in {str(t) for t in EntityType}:
        known = ", ".join(str(t) for t in EntityType)
        raise KBError(f"unknown entity type {type_!r}; expected one of: {known}")
    return wanted


def _mention_counts(session: Session, ids: list[int] | None = None) -> dict[int, int]:
    # count(*), not count(id): the same (id is never NULL), read from the entity index alone
    query = select(Mention.entity_id, func.count()).group_by(Mention.entity_id)
    if ids is not None:
        query = query.where(Mention.entity_id.in_(ids))
    return dict(session.exec(query).all())


def _surfaces(session: Session, type_: str | None) -> list[tuple[str, int]]:
    """(name or alias as written, entity id) for every entity (of a type)."""
    names = select(Entity.name, Entity.id)
    aliases = select(Alias.alias, Alias.entity_id).join(Entity, Entity.id == Alias.entity_id)
    if type_:
        names, aliases = names.where(Entity.type == type_), aliases.where(Entity.type == type_)
    return list(session.exec(names).all()) + list(session.exec(aliases).all())


def find_entity(session: Session, name: str, type_: str | None = None) -> Entity:
    """The entity called ``name`` (or with that alias), case-insensitively.

    When several share it (Amazon the vendor, an "Amazon" agency), the one of ``type_``,
    else the most mentioned.

    Raises:
        EntityNotFound: nothing has that name or alias; the message suggests close ones.
        KBError: an unknown type.
    """
    type_ = _check_type(type_)
    wanted = " ".join(name.split()).lower()
    if not wanted:
        raise EntityNotFound("no entity name given")
    query = select(Entity).where(or_(func.lower(Entity.name) == wanted, Entity.id.in_(
        select(Alias.entity_id).where(Alias.alias == wanted))))
    if type_:
        query = query.where(Entity.type == type_)
    found = list(session.exec(query))
    if found:
        counts = _mention_counts(session, [e.id for e in found])
        exact = {e.id for e in found if e.name.lower() == wanted}
        return max(found, key=lambda e: (e.id in exact, counts.get(e.id, 0), -e.id))
    raise EntityNotFound(_not_found(session, name, type_))


def _closeness(query: str, surface: str, **_: Any) -> float:
    """How close a name is to what was asked: a name that contains it first, else the edit
    similarity of the whole strings (WRatio's partial matching would offer "ACLU" for
    "Clearveiw")."""
    return 100.0 if query and query in surface else fuzz.ratio(query, surface)


def _not_found(session: Session, name: str, type_: str | None) -> str:
    surfaces = _surfaces(session, type_)
    canonical = dict(session.exec(select(Entity.id, Entity.name)).all())
    matches = process.extract(" ".join(name.split()).lower(), [s.lower() for s, _ in surfaces],
                              scorer=_closeness, score_cutoff=SUGGEST_CUTOFF, limit=None)
    best: list[str] = []
    for _, _, i in matches:
        shown = canonical[surfaces[i][1]]
        if shown not in best:
            best.append(shown)
        if len(best) == SUGGESTIONS:
            break
    what = f"no {type_} entity" if type_ else "no entity"
    if best:
        return f"{what} {name!r}; did you mean: {', '.join(best)}?"
    return f"{what} {name!r} in the knowledge base (see `frt entities`)"


def _fact_counts(session: Session) -> tuple[dict[int, int], dict[str, set]]:
    """Facts per actor id (commitments and measures), and per lower-cased name the facts
    about it (commitments naming it as their product, findings naming it as system or vendor)."""
    key = func.coalesce(Commitment.fact_id, -Commitment.id)
    by_actor = dict(session.exec(select(Commitment.actor_id, func.count(func.distinct(key)))
                                 .where(Commitment.actor_id.is_not(None))
                                 .group_by(Commitment.actor_id)).all())
    by_name: dict[str, set] = defaultdict(set)
    products = select(Commitment.product, key).where(Commitment.product.is_not(None))
    for product, fact in session.exec(products):
        by_name[product.lower()].add(("c", fact))
    fkey = func.coalesce(Finding.fact_id, -Finding.id)
    for system, vendor, fact in session.exec(select(Finding.system, Finding.vendor, fkey)):
        for name in {(system or "").lower(), (vendor or "").lower()} - {""}:
            by_name[name].add(("f", fact))
    return by_actor, by_name


def list_entities(session: Session, query: str | None = None, type_: str | None = None,
                  limit: int = 50) -> list[dict[str, Any]]:
    """Entities with type, aliases, mentions and number of facts, most mentioned first.

    Args:
        query: keep entities whose name or an alias contains it (case-insensitive); when
            none does, the closest names (fuzzy).
        type_: only this type (VENDOR, AGENCY, PRODUCT ...).
        limit: at most this many rows.

    Raises:
        KBError: an unknown type or a limit below 1.
    """
    type_ = _check_type(type_)
    if limit < 1:
        raise KBError(f"--limit must be at least 1, got {limit}")
    ents = {e.id: e for e in session.exec(select(Entity).where(Entity.type == type_) if type_
                                          else select(Entity))}
    aliases: dict[int, list[str]] = defaultdict(list)
    for alias, ent_id in session.exec(select(Alias.alias, Alias.entity_id)):
        if ent_id in ents:
            aliases[ent_id].append(alias)
    keep = list(ents)
    score: dict[int, float] = {}
    if query:
        needle = query.lower().strip()
        keep = [i for i in ents
                if needle in ents[i].name.lower() or any(needle in a for a in aliases[i])]
        if not keep:
            surfaces = ([(ents[i].name.lower(), i) for i in ents]
                        + [(a, i) for i in ents for a in aliases[i]])
            for _, s, j in process.extract(needle, [s for s, _ in surfaces], scorer=fuzz.ratio,
                                           score_cutoff=SUGGEST_CUTOFF, limit=None):
                score[surfaces[j][1]] = max(score.get(surfaces[j][1], 0.0), s)
            keep = list(score)
    mentions = _mention_counts(session)
    by_actor, by_name = _fact_counts(session)
    rows = []
    for i in keep:
        e = ents[i]
        names = {e.name.lower(), *aliases[i]}
        rows.append({"id": e.id, "name": e.name, "type": e.type,
                     "aliases": sorted(a for a in aliases[i] if a != e.name.lower()),
                     "mentions": mentions.get(i, 0),
                     "facts": by_actor.get(i, 0)
                     + len(set().union(*(by_name.get(n, set()) for n in names)))})
    rows.sort(key=lambda r: (-score.get(r["id"], 0.0), -r["mentions"], -r["facts"],
                             r["name"].lower(), r["type"]))
    return rows[:limit]


def _edges(session: Session, ent: Entity) -> list[dict[str, Any]]:
    rows = session.exec(select(Edge, Document.url)
                        .outerjoin(Document, Document.id == Edge.document_id)
                        .where(or_(Edge.src_id == ent.id, Edge.dst_id == ent.id))
                        .order_by(Edge.id)).all()
    other_ids = {e.dst_id if e.src_id == ent.id else e.src_id for e, _ in rows}
    others = {o.id: o for o in session.exec(select(Entity).where(Entity.id.in_(other_ids)))}
    out, seen = [], set()
    for edge, url in rows:
        direction = "out" if edge.src_id == ent.id else "in"
        other = others.get(edge.dst_id if direction == "out" else edge.src_id)
        if other is None or (edge.type, direction, other.id) in seen:
            continue
        seen.add((edge.type, direction, other.id))
        relation, _, qualifier = edge.type.partition(QUALIFIER_SEP)
        out.append({"relation": relation, "qualifier": qualifier or None, "direction": direction,
                    "role": ROLES.get((relation, direction)), "entity": other.name,
                    "entity_type": other.type, "evidence": edge.evidence, "url": url})
    return out


CO_MENTION_DOCUMENTS = 5000
"""Entities named with a busy entity are counted over its latest documents only (by storage
order): the ranking of the top ten is the same in practice and the count stays fast."""


def _co_mentioned(session: Session, ent: Entity, limit: int = 10,
                  window: int = CO_MENTION_DOCUMENTS) -> list[dict[str, Any]]:
    docs = (select(Mention.document_id).where(Mention.entity_id == ent.id).distinct()
            .order_by(Mention.document_id.desc()).limit(window))
    # counted per entity id from the (document, entity) index, then joined with the names
    counts = (select(Mention.entity_id, func.count(func.distinct(Mention.document_id)).label("n"))
              .where(Mention.document_id.in_(docs), Mention.entity_id != ent.id)
              .group_by(Mention.entity_id).subquery())
    rows = session.exec(select(Entity.name, Entity.type, counts.c.n)
                        .join(counts, counts.c.entity_id == Entity.id)
                        .order_by(counts.c.n.desc(), Entity.name).limit(limit)).all()
    return [{"entity": n, "entity_type": t, "documents": c} for n, t, c in rows]


def _documents(session: Session, ent: Entity, limit: int) -> tuple[list[dict[str, Any]], int]:
    mine = Mention.entity_id == ent.id
    total = session.exec(select(func.count(func.distinct(Mention.document_id))).where(mine)).one()
    when = func.coalesce(Document.published, Document.first_seen)
    # the newest documents first, the few columns shown; then the mentions in those only
    rows = session.exec(select(Document.id, Document.title, Document.source_id, Document.url,
                               Document.published, Document.first_seen)
                        .where(Document.id.in_(select(Mention.document_id).where(mine)))
                        .order_by(when.desc(), Document.id).limit(limit)).all() if limit else []
    n = dict(session.exec(select(Mention.document_id, func.count()).where(
        mine, Mention.document_id.in_([r.id for r in rows])).group_by(Mention.document_id)).all()) if rows else {}
    return [{"document_id": r.id, "title": r.title, "source": r.source_id, "url": r.url,
             "date": _day(r.published or r.first_seen), "mentions": n[r.id]} for r in rows], total


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value else None


BUSY_MENTIONS = 2000
"""Above this many mentions, the laws an entity is in are found among the ids of every law."""


def _laws(session: Session, ent: Entity, names: set[str],
          limit: int) -> tuple[list[dict[str, Any]], int]:
    """The laws that concern the entity (it is their jurisdiction, or they mention it): the
    newest ``limit`` of them in date order, and how many there are.

    Candidates are chosen from plain columns (the jurisdiction is the metadata's, else the
    source's, as in kb.laws.law_record); only the laws shown are read whole."""
    table = Document.__table__
    # the laws that mention it: a busy entity's mentions (an index) among the ids of the
    # laws (the kind and source indexes), not each of its documents (it is in 40,000); a
    # rare entity's few documents, each tested
    mine = Mention.entity_id == ent.id
    if session.execute(select(func.count()).select_from(Mention).where(mine)).scalar() > BUSY_MENTIONS:
        mentioning = select(Mention.document_id).distinct().where(
            mine, Mention.document_id.in_(queries.legislative_ids()))
    else:
        mentioning = select(table.c.id).where(table.c.id.in_(select(Mention.document_id).where(mine)), or_(
            table.c.kind.in_(LEGISLATIVE_KINDS), table.c.source_id.in_(
                select(Source.id).where(Source.kind.in_(queries.LEGISLATIVE_SOURCES)))))
    docs = select(table.c.id, table.c.source_id, table.c.meta["jurisdiction"].as_string())
    places = {actor_key(n) for n in names}
    if ent.type in GOVERNMENT_TYPES:  # every law whose source is a legislature or regulator, or that mentions it
        mentioned = set(session.execute(mentioning).scalars())
        legislative = {i for i, kind in session.execute(select(Source.id, Source.kind))
                       if kind in queries.LEGISLATIVE_SOURCES}
        docs = docs.where(queries.legislative_documents())
    else:  # the laws that mention it
        mentioned, legislative = None, set()
        docs = docs.where(table.c.id.in_(mentioning))
    source_place = dict(session.exec(select(Source.id, Source.jurisdiction)).all())
    why = {}
    for doc_id, source_id, place in session.execute(docs.order_by(table.c.published, table.c.id)).all():
        mentions_it = mentioned is None or doc_id in mentioned
        if not (mentions_it or source_id in legislative):
            continue
        if actor_key(place or source_place.get(source_id)) in places:
            why[doc_id] = "jurisdiction"
        elif mentions_it:
            why[doc_id] = "mentions it"
    shown = list(why)[-limit:] if limit else []
    rows = {d.id: d for d in session.execute(select(table).where(table.c.id.in_(shown)))} if shown else {}
    laws = queries.document_laws(session, [rows[i] for i in shown if i in rows])
    out = []
    for doc_id in shown:
        if doc_id not in laws:
            continue
        law, doc = laws[doc_id], rows[doc_id]
        out.append({"identifier": law.identifier, "title": law.title or doc.title,
                    "jurisdiction": law.jurisdiction,
                    "stage": str(law.stage) if law.stage else None,
                    "latest_action": law.latest_action, "why": why[doc_id],
                    "url": doc.url, "document_id": doc_id})
    return out, len(why)


def _named(edges: list[dict[str, Any]], role: str) -> list[str]:
    """Distinct entities in one role, with the qualifier the text gives ("Andy Jassy (chief
    executive)")."""
    out: list[str] = []
    for e in edges:
        label = f"{e['entity']} ({e['qualifier']})" if e["qualifier"] else e["entity"]
        if e["role"] == role and label not in out:
            out.append(label)
    return out


def _about(row_names: list[str | None], names: set[str]) -> bool:
    return any((n or "").lower() in names for n in row_names if n)


def _fact_actors(session: Session, ent: Entity, names: set[str], products: set[str],
                 judged: tuple) -> set[str] | None:
    """The actor spellings whose commitments can make up this entity's facts, so only those
    are read: facts group reports by actor (kb/factgroups.actor_key), so every spelling of
    an actor that acts, is the target, or names the entity or one of its products is taken
    whole, with the actors of the commitments they extend and of analyst merges. None (read
    them all) when a report without an actor could belong."""
    table = Commitment.__table__
    # distinct combinations, not every report: a busy KB repeats them thousands of times
    rows = session.execute(select(table.c.actor, table.c.actor_id, table.c.target, table.c.product)
                           .distinct()).all()
    parent = table.alias("parent")
    extends = session.execute(select(table.c.actor, parent.c.actor).distinct().join(
        parent, parent.c.id == table.c.extends_id)).all()
    own = {actor_key(r.actor) for r in rows if r.actor_id == ent.id or (r.actor or "").lower() in names}
    made = names | products | {r.product.lower() for r in rows if r.product and actor_key(r.actor) in own}
    keys = own | {actor_key(r.actor) for r in rows
                  if (r.target or "").lower() in names or (r.product or "").lower() in made}
    merges = sorted({k for pair in judged[0] for k in pair})
    merged = {actor_key(a) for at in range(0, len(merges), 500) for a in session.execute(
        select(table.c.actor).distinct().where(table.c.fact_key.in_(merges[at:at + 500]))).scalars()}
    while True:  # what the kept reports extend, and analyst merges, belong to the same facts
        more = {actor_key(extended) for actor, extended in extends if actor_key(actor) in keys}
        if keys & merged:
            more |= merged
        if more <= keys:
            break
        keys |= more
    if "" in keys:
        return None
    return {r.actor for r in rows if r.actor is not None and actor_key(r.actor) in keys}


def _matching(session: Session, column: Any, names: set[str]) -> list[str]:
    """The distinct values of ``column`` that are one of ``names`` under Python's lower()."""
    return sorted(v for v in session.execute(select(column).distinct()).scalars()
                  if v is not None and v.lower() in names)


def _stored_commitment_facts(session: Session, ent: Entity, names: set[str],
                             products: set[str]) -> set[int] | None:
    """The facts of the fact table (kb/factstore.py) that can be this entity's: those with a
    report that it makes, that targets it, or that names it or a product of it or of its
    commitments, with the facts these extend (their follow-ups name them). None when some
    report has no fact yet: then the actors' reports are read and resolved (_fact_actors)."""
    table = Commitment.__table__
    if session.execute(select(table.c.id).where(table.c.fact_id.is_(None)).limit(1)).first() is not None:
        return None
    # each column's distinct values from its index, not every report's combination
    spellings = list(session.execute(select(table.c.actor).distinct()).scalars())
    actors = sorted({a for a in spellings if a is not None and a.lower() in names})
    acting = set(session.execute(select(table.c.actor).distinct().where(table.c.actor_id == ent.id)).scalars())
    own = {actor_key(a) for a in acting} | {actor_key(a) for a in actors}
    own_spellings = sorted({a for a in spellings if a is not None and actor_key(a) in own})
    clauses_own = [table.c.actor.in_(own_spellings)] if own_spellings else []
    if "" in own:  # a report with no actor
        clauses_own.append(table.c.actor.is_(None))
    made = set(names | products)
    if clauses_own:
        made |= {p.lower() for p in session.execute(select(table.c.product).distinct().where(
            table.c.product.is_not(None), or_(*clauses_own))).scalars()}
    targets = sorted({t for t in session.execute(select(table.c.target).distinct()).scalars()
                      if t and t.lower() in names})
    named = sorted({p for p in session.execute(select(table.c.product).distinct()).scalars()
                    if p and p.lower() in made})
    clauses = [table.c.actor_id == ent.id] + ([table.c.actor.in_(actors)] if actors else [])
    clauses += [table.c.target.in_(targets)] if targets else []
    clauses += [table.c.product.in_(named)] if named else []
    # one query per clause, each on its index (an OR of them is read as a scan)
    facts = {f for clause in clauses for f in session.execute(select(table.c.fact_id).where(clause)).scalars()}
    parent = table.alias("parent")
    todo = set(facts)
    while todo:  # a follow-up's fact shows the promise it extends
        wanted = sorted(todo)
        found = {f for lo in range(0, len(wanted), 500) for f in session.execute(
            select(parent.c.fact_id).distinct().join(table, table.c.extends_id == parent.c.id)
            .where(table.c.fact_id.in_(wanted[lo:lo + 500]))).scalars()}
        todo = found - facts
        facts |= found
    return facts


def _stored_finding_facts(session: Session, names: set[str], judged: tuple) -> set[int] | None:
    """The finding facts of the fact table with a report that names one of ``names`` as its
    system, vendor or study. None when some report has no fact yet or analysts judged
    findings (then _finding_ids reads the families)."""
    table = Finding.__table__
    if judged[0] or judged[1] or session.execute(
            select(table.c.id).where(table.c.fact_id.is_(None)).limit(1)).first() is not None:
        return None
    # one query per column, each on its index (an OR of them is read as a scan)
    return {f for column in (table.c.system, table.c.vendor, table.c.study)
            for f in session.execute(select(table.c.fact_id).where(
                column.in_(_matching(session, column, names)))).scalars()}


def _finding_ids(session: Session, names: set[str], judged: tuple) -> set[int]:
    """The findings that can make up facts about these names: every report of the same
    system (or vendor), metric, group and value as one naming them as system, vendor or
    study (reports are grouped so, kb/factgroups.finding_key), and of analyst merges."""
    table = Finding.__table__
    rows = session.execute(select(table.c.id, table.c.study, table.c.system, table.c.vendor,
                                  table.c.fact_key)).all()

    def family(r: Any) -> str:
        return (r.system or r.vendor or "").lower()

    merges = {k for pair in judged[0] for k in pair}
    families = {family(r) for r in rows if {(r.system or "").lower(), (r.vendor or "").lower(),
                                            (r.study or "").lower()} & names}
    if families & {family(r) for r in rows if r.fact_key in merges}:
        families |= {family(r) for r in rows if r.fact_key in merges}
    return {r.id for r in rows if family(r) in families}


def profile(session: Session, name: str, *, type_: str | None = None, as_of: date | None = None,
            documents: int = 20, laws_shown: int = 50) -> dict[str, Any]:
    """Everything the knowledge base holds about one entity (see the module docstring).

    Args:
        name: a name or alias (case-insensitive).
        type_: the entity type, when a name stands for several.
        as_of: judge commitment status on this day (default today).
        documents: list at most this many mentioning documents (newest first).
        laws_shown: list at most this many laws (the newest; ``n_laws`` counts them all).

    Raises:
        EntityNotFound: no such name or alias (the message suggests close names).
    """
    ent = find_entity(session, name, type_)
    aliases = sorted(set(session.exec(select(Alias.alias).where(Alias.entity_id == ent.id)))
                     - {ent.name.lower()})
    names = {ent.name.lower(), *aliases}
    edges = _edges(session, ent)
    parent = [e["entity"] for e in edges if e["role"] == "parent"]
    if ent.attrs.get("parent") and ent.attrs["parent"] not in parent:
        parent.append(ent.attrs["parent"])
    products = [e["entity"] for e in edges if e["role"] == "products"]

    own = set(session.exec(select(Commitment.id).where(Commitment.actor_id == ent.id)))
    judged = fact_judgements(session)
    facts = []
    stored = _stored_commitment_facts(session, ent, names, {p.lower() for p in products})
    if stored is not None:  # from the fact table
        listed = queries.commitment_facts_listed(session, judged, as_of=as_of, fact_ids=stored)
    else:
        actors = _fact_actors(session, ent, names, {p.lower() for p in products}, judged)
        listed = queries.group_commitments(
            queries.commitments(session, as_of=as_of, actors=actors), judged)
    for fact in listed:
        ids = {r["id"] for r in fact["reports"]}
        if ids & own or _about([fact.get("actor")], names):
            role = "actor"
        elif _about([fact.get("target")], names):
            role = "target"
        elif _about([fact.get("product")], names | {p.lower() for p in products}):
            role = "about its product" if ent.type != "PRODUCT" else "about it"
        else:
            continue
        product = fact.get("product")
        if role == "actor" and ent.type != "PRODUCT" and product and product not in products:
            products.append(product)
        facts.append({**fact, "role": role})

    product_names = {p.lower() for p in products}
    findings = []
    stored = _stored_finding_facts(session, names | product_names, judged)
    if stored is not None:  # from the fact table
        wanted = sorted(stored)
        ids = {i for lo in range(0, len(wanted), 500)
               for i in session.exec(select(Finding.id).where(Finding.fact_id.in_(wanted[lo:lo + 500])))}
        listed = queries.finding_facts_listed(session, judged, ids=ids)
    else:
        listed = queries.group_findings(queries.findings(
            session, ids=_finding_ids(session, names | product_names, judged)), judged)
    for fact in listed:
        if _about([fact.get("system"), fact.get("vendor")], names):
            role = "about it"
        elif _about([fact.get("system")], product_names):
            role = "about its product"
        elif _about([fact.get("study")], names):
            role = "reported by it"
        else:
            continue
        findings.append({**fact, "role": role})

    docs, total = _documents(session, ent, documents)
    laws, n_laws = _laws(session, ent, names, laws_shown)
    return {"id": ent.id, "name": ent.name, "type": ent.type, "aliases": aliases,
            "attrs": ent.attrs or {}, "parent": parent,
            "subsidiaries": [e["entity"] for e in edges if e["role"] == "subsidiaries"],
            "products": products, "maker": [e["entity"] for e in edges if e["role"] == "maker"],
            "people": _named(edges, "people"), "works_for": _named(edges, "works_for"),
            "customers": _named(edges, "customers"), "suppliers": _named(edges, "suppliers"),
            "commitments": facts, "findings": findings,
            "laws": laws, "n_laws": n_laws,
            "documents": docs, "n_documents": total,
            "mentions": _mention_counts(session, [ent.id]).get(ent.id, 0),
            "neighbours": edges, "mentioned_with": _co_mentioned(session, ent)}
