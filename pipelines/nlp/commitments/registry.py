"""``frt_commitments_v1``: commitments and government measures per candidate sentence."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config
from ..dates import add_duration, find_duration
from .context import GENERIC_BODIES, DocContext
from .decide import decide
from .effective import effective_starts
from .extract import extract_sentence, scope_of
from .patterns import SCOPE, TRIGGERS, load_rules
from .similar import similar_measures
from ..spans import text_of
from ..vocab import get_vocabulary

DEFAULTS = {"triggers": str(TRIGGERS), "scope": str(SCOPE), "dedupe": True, "use_parse": True}


@Language.factory("frt_commitments_v1", default_config=DEFAULTS)
def make_commitments(nlp: Language, name: str, triggers: str, scope: str, dedupe: bool, use_parse: bool):
    """Factory for :class:`CommitmentExtractor`."""
    return CommitmentExtractor(triggers=triggers, scope=scope, dedupe=dedupe, use_parse=use_parse)


class CommitmentExtractor:
    """Sets ``doc._.frt_commitments`` (list of commitment dicts, see the README contract).

    Config:
        triggers: Path of the trigger/blocker YAML.
        scope: Path of the scope YAML.
        dedupe: Keep one commitment per (actor, action) claim (the first; later ones fill gaps).
        use_parse: Use the candidate parse (if any) to find the actor.
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_commitments_v1", config, DEFAULTS)
        self.rules = load_rules(Path(cfg["triggers"]), Path(cfg["scope"]))
        self.dedupe = cfg["dedupe"]
        self.use_parse = cfg["use_parse"]

    def __call__(self, doc: Doc) -> Doc:
        found: list[dict] = []
        candidates = doc._.frt_candidates or {}
        if candidates:
            ctx = DocContext.from_doc(doc)
            parsed = doc._.frt_parsed or {}
            decisions = doc._.frt_decisions or {}
            mode = doc.user_data.get("frt_decider_mode", "rules")
            for start, kinds in sorted(candidates.items()):
                if "commitment" not in kinds:
                    continue
                sent = doc[start].sent
                items = extract_sentence(sent, ctx, self.rules, parsed.get(start) if self.use_parse else None)
                if not items and found:
                    items = followed(sent, ctx, found)
                for c in decide(items, decisions.get(start), mode, sent, ctx, self.rules, scope_of):
                    if "_reference" in c:
                        apply_reference(found, c)
                    elif "_recap" in c:
                        update = c.pop("_recap")
                        if not any(_family(k["action"]) == _family(c["action"]) and _same_actor(k["actor"], c["actor"])
                                   for k in found):
                            found.append(c)  # a recap of a measure the document states nowhere else
                        elif update is not None:
                            apply_reference(found, update)
                    else:
                        found.append(c)
            for c in found:
                if c.get("_undated"):
                    when = vote_date(doc, c, ctx, found)
                    if when is not None:
                        c["start"], c["start_precision"], c["_undated"] = when.isoformat(), "day", False
                        c["_stated"] = True
                        if c.get("duration"):  # "banned ... for five years": the end moves with it
                            end = add_duration(when, find_duration(c["duration"]))
                            c["end"] = end.isoformat() if end else c["end"]
        if doc._.frt_relevant:
            found.extend(similar_measures(doc, found))
        out = dedupe(found) if self.dedupe else found
        if candidates:
            effective_starts(doc, ctx, out)
        for c in out:
            c.pop("_undated", None)
            c.pop("_stated", None)
        doc._.frt_commitments = out
        return doc


# "Worcester has become the eighth municipality to bar ... The City Council voted unanimously
# Tuesday to pass the ordinance.": the vote dates the measure stated without a date before it.
VOTED = re.compile(r"\b(?:voted|votes|passed|approved|adopted|enacted|signed|said|says|announced|confirmed|"
                   r"settled|decided|agreed|banned|barred|ordered|issued)\b", re.IGNORECASE)


# "which was first announced in December", "Issued last month, that report ...": the verb
# belongs to something else (a complaint, a report) than the measure
RELATIVE = re.compile(r"(?:\b(?:which|that|who)\s+(?:was|were|is|are|had|has|have)?\s*(?:\w+\s+)?|^\W*)$", re.IGNORECASE)
# "The exception announced last year", "the complaint filed in December": a participle after a
# common noun dates that noun; a measure's own noun ("The deal announced late Tuesday") or its
# actor's ("The council voted Tuesday", "The IRS said Monday") dates the measure.
REDUCED = re.compile(r"\b(?i:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+)?([a-z][\w-]*)\s+$")
ACT_HEAD = re.compile(r"(?:deal|settlement|ban|moratorium|pause|order|decision|ordinance|law|bill|measure|policy|"
                      r"rules?|regulations?|agreement|prohibition|restrictions?|suspension|extension)s?", re.IGNORECASE)
# "The announcement by Education Commissioner Betty Rosa on Wednesday": the act as a noun
ACT_NOUN = re.compile(r"\b(?:the|this|that|its|their|today['\u2019]s)\s+(?:[\w-]+\s+)?"
                      r"(?:announcement|decision|deal|vote|ruling|order|settlement)\b", re.IGNORECASE)
# A dating sentence naming no actor speaks of the measure's actor as a body or pronoun ("The City
# Council voted Tuesday", "The company said Monday", "It was signed on ..."), else it is
# someone else's ("Cagle said Wednesday").
SAME_SPEAKER = re.compile(r"\b(?:it|they|council|board|supervisors|commission|lawmakers|legislat\w+|assembly|senate|house|"
                          r"agency|department|company|firm|city|county|state|governor|mayor|regulator|authority|"
                          r"deal|settlement|ordinance|bill|law|measures?|rules|regulations?|act)\b", re.IGNORECASE)


def _dates_the_act(text: str, dates) -> bool:
    """A vote, signing or announcement dated in ``text``: its verb (or noun) within a few
    words of a start-candidate date ("said Monday", "approved by the council Thursday",
    "The announcement ... on Wednesday"), not in a relative clause or an opening participle."""
    dates = [m for m in dates if m.is_start_candidate]
    for rx, reach in ((VOTED, 32), (ACT_NOUN, 60)):
        for v in rx.finditer(text):
            if rx is VOTED and RELATIVE.search(text[max(0, v.start() - 40):v.start()]):
                continue
            reduced = REDUCED.search(text[max(0, v.start() - 40):v.start()])
            if rx is VOTED and reduced and not ACT_HEAD.fullmatch(reduced.group(1)) \
                    and not SAME_SPEAKER.fullmatch(reduced.group(1)):
                continue  # "The exception announced last year continues": another thing's date
            if any(0 <= m.start - v.end() <= reach or (rx is VOTED and 0 <= v.start() - m.end <= 48)
                   for m in dates):
                return True
    return False


def vote_date(doc: Doc, c: dict, ctx: DocContext, found: list[dict], reach: int = 3):
    """The date of a vote, passage or signing stated in one of the ``reach`` sentences after
    commitment ``c`` (news paragraphs are often one sentence long), or None. A sentence that
    states a commitment of its own or names another actor dates nothing."""
    from ..constants import ACTOR_LABELS
    from ..spans import ents_in
    from .actor import actor_name
    from .when import start_date

    text, after = text_of(doc), c["end_char"]
    start = doc.char_span(after, len(text), alignment_mode="expand") if after < len(text) else None
    if start is None:
        return None
    seen = 0
    for sent in start.sents:
        if sent.start_char < after:
            continue
        if not sent.text.strip():
            continue
        if seen >= reach:
            return None
        seen += 1
        if not _dates_the_act(sent.text, ctx.dates_in(sent)):
            continue
        first = c["actor"].split(",")[0].split()[0]
        if any(sent.start_char <= k["start_char"] < sent.end_char and (
                k["actor"].split()[0] != first or _family(k["action"]) == _family(c["action"]))
               for k in found if "start_char" in k and k.get("actor") and k is not c):
            return None  # another claim's sentence; or the same claim's, which dedupe merges (its verb too)
        names = {actor_name(e) for e in ents_in(sent) if e.label_ in ACTOR_LABELS}
        if any(not (n.split()[0] == first or n in c["actor"] or c["actor"] in n or n.lower() in GENERIC_BODIES
                    or _one_body(n, c["actor"]) or n == c.get("target"))
               for n in names):  # "The City Council voted Tuesday": the place's own body
            return None
        if not names and not SAME_SPEAKER.search(sent.text):
            continue  # "Cagle said Wednesday": someone else's words, not the measure's date
        return start_date(sent, ctx)
    return None


FOLLOW = re.compile(r"\b(?:(?:made|makes|announced|took|takes|issued|gave|adopted)\s+(?:a\s+)?similar\s+"
                    r"(?:pledge|commitment|promise|move|step|decision|policy|announcement)|follow(?:ed|s)?\s+suit|"
                    r"did\s+the\s+same|(?:made|took)\s+the\s+same\s+(?:pledge|step|decision))\b", re.IGNORECASE)
AT_THE_TIME = re.compile(r"\b(?:at\s+the\s+(?:same\s+)?time|the\s+same\s+(?:day|week|month)|days?\s+later)\b", re.IGNORECASE)


def followed(sent, ctx: DocContext, found: list[dict]) -> list[dict]:
    """"Microsoft made a similar pledge at the time", "IBM followed suit": the last commitment
    again, by the actor named first in this sentence (dated as that one when "at the time")."""
    from .actor import actor_name, candidates_before
    from .extract import quote_span
    from .when import start_date

    if not FOLLOW.search(sent.text):
        return []
    last = next((c for c in reversed(found) if "_reference" not in c), None)
    named = [e for e in candidates_before(sent, sent.end_char, ctx.datelines) if e.label_ in ("VENDOR", "JURISDICTION",
                                                                                                  "LEGISLATURE", "AGENCY")]
    if last is None or not named or actor_name(named[0]) == last["actor"]:
        return []
    if AT_THE_TIME.search(sent.text) or not ctx.dates_in(sent):
        start = last["start"]
    else:
        when = start_date(sent, ctx)
        start = when.isoformat() if when else None
    a, b = quote_span(sent)
    precision = last.get("start_precision") if start == last["start"] else ("day" if start else None)
    return [dict(last, actor=actor_name(named[0]), start=start, start_precision=precision,
                 quote=text_of(sent.doc)[a:b], start_char=a, end_char=b,
                 law=None, target=None, _undated=False)]


# Actions a later "sunsets/expires/lapses on <date>" sentence can end.
EXPIRING = {"moratorium", "pause", "ban", "no_sale", "restriction", "regulation"}
# Scopes that name the same users ("police" and "law enforcement").
POLICE_SCOPES = {"police", "law_enforcement"}
# Actions that, by one actor in one document, are one claim told in different words.
FAMILY = {"moratorium": "hold", "pause": "hold", "ban": "hold", "no_sale": "hold"}


def apply_reference(found: list[dict], ref: dict) -> None:
    """Fill duration/end/condition of the latest commitment the reference points to."""
    family = _family(ref["_reference"])
    who = ref.get("_actor")
    for c in reversed(found):
        if (family == "*" and c["action"] in EXPIRING or _family(c["action"]) == family) \
                and (who in (None, c["actor"], c.get("law")) or _same_number(who, c.get("law") or c["actor"])
                     or _spoken_by(who, c["actor"])):
            if ref.get("_start") and c.get("_undated"):  # "The law takes effect January 1, 2020"
                c["start"], c["start_precision"] = ref["_start"], "day"
                c["_undated"] = False
            duration = ref["_duration"]
            if c["duration"] is None and duration is not None:
                c["duration"] = duration.text
                c["end"] = (add_duration(date.fromisoformat(c["start"]), duration).isoformat()
                            if c["start"] and duration.delta else None)
            c["condition"] = c["condition"] or ref["condition"]
            if ref.get("_end") and c["end"] is None:  # "The prohibition lapses on January 1, 2023"
                c["end"] = ref["_end"]
            return


def _spoken_by(who: str, actor: str) -> bool:
    """"Veridex said ...": the speaker is the actor or its first word ("~Veridex" when untyped)."""
    name = who.lstrip("~")
    return _same_actor(name, actor) or actor.split()[0] == name


def _same_number(a: str, b: str) -> bool:
    """One bill written two ways: "SB 6280" and "Senate Bill 6280" end in the same number."""
    na, nb = re.search(r"(\d[\d-]*)$", a), re.search(r"(\d[\d-]*)$", b)
    return bool(na and nb and na.group(1) == nb.group(1))


def _same_actor(a: str, b: str) -> bool:
    """One actor named twice: "Portland" and "Portland City Council"; "New York State
    Education Department" and "Education Department"."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ") or (
        len(b.split()) > 1 and a.endswith(" " + b)) or (len(a.split()) > 1 and b.endswith(" " + a))


def _one_body(a: str, b: str) -> bool:
    """Two names of one registry body ("Federal Trade Commission" and "FTC")."""
    vocab = get_vocabulary()
    x, y = vocab.lookup(a), vocab.lookup(b)
    return x is not None and y is not None and x.name == y.name


def _same_body(k: dict, c: dict) -> bool:
    """One actor, or a body and the department it sits under acting on one target (the
    Bureau of Industry and Security and the Department of Commerce listing Hikvision)."""
    if _same_actor(k["actor"], c["actor"]):
        return True
    if not (k.get("target") and k.get("target") == c.get("target")):
        return False
    vocab = get_vocabulary()
    a, b = vocab.lookup(k["actor"], "AGENCY"), vocab.lookup(c["actor"], "AGENCY")
    return a is not None and b is not None and (a.parent == b.name or b.parent == a.name)


def _family(action: str) -> str:
    return FAMILY.get(action, action)


def headline(quote: str) -> bool:
    """A title-case line without a full stop ("Microsoft Follows IBM in Suspending Sales")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", quote) if len(w) > 3]
    return (not quote.rstrip().endswith((".", "!", "?", '"', "\u201d")) and len(words) >= 2
            and sum(w[0].isupper() for w in words) >= 0.7 * len(words))


def _dated_apart(k: dict, c: dict) -> bool:
    """Two measures of one actor dated in different years by their own sentences (a regulator's
    2021 order and its 2023 fine; a company listed in 2019 and sanctioned again in 2021) are two
    measures; for one target, one sentence's own date is enough."""
    if not (k["start"] and c["start"]) or k["start"][:4] == c["start"][:4]:
        return False
    if k.get("target") and k.get("target") == c.get("target"):
        return bool(k.get("_stated") or c.get("_stated"))
    return bool(k.get("_stated") and c.get("_stated"))


def dedupe(commitments: list[dict]) -> list[dict]:
    """One commitment per (actor, action family) claim: a later "pause" after Amazon's
    "moratorium" is the same claim. Later mentions only fill missing fields."""
    kept: list[dict] = []
    for c in commitments:
        same = next((k for k in kept if _family(k["action"]) == _family(c["action"])
                     and _same_body(k, c)
                     and (k.get("law") is None or c.get("law") is None or k["law"] == c["law"])
                     and (k.get("target") is None or c.get("target") is None or k["target"] == c["target"])
                     and not _dated_apart(k, c)
                     and (k["scope"] is None or c["scope"] is None or k["scope"] == c["scope"]
                          or {k["scope"], c["scope"]} <= POLICE_SCOPES or k["action"] == c["action"])), None)
        if same is None:
            kept.append(c)
            continue
        if same.get("_undated") and not c.get("_undated") and c["start"]:
            # a headline dated only by the document; the body says when ("on Wednesday") and
            # is the better quote, and its verb the more exact action ("Suspending ..." in a
            # headline, "won't sell to police until ..." in the body)
            if headline(same["quote"]):
                same["action"] = c["action"]
            same["start"], same["end"], same["_undated"] = c["start"], c["end"] or same["end"], False
            same["_stated"] = c.get("_stated")
            same["start_precision"] = c.get("start_precision")
            same["quote"], same["start_char"], same["end_char"] = c["quote"], c["start_char"], c["end_char"]
        if same.get("start") is None and c.get("start") is not None:
            same["start_precision"] = c.get("start_precision")
        for key in ("scope", "product", "start", "duration", "condition", "law", "target"):
            if same.get(key) is None and c.get(key) is not None:
                same[key] = c[key]
    return kept
