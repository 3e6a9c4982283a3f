"""Find at most one commitment per clause of a sentence."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..constants import ACTOR_LABELS
from ..dates import add_duration, find_condition, find_duration
from ..spans import ents_in
from ..vocab import get_vocabulary
from .actor import (LAW_AFTER, LAW_REF, PREPOSITIONS, PRONOUN, actor_name, candidates_before, described_regulator,
                    window_start)
from .clauses import clauses
from .context import DocContext
from .listings import listings
from .nouns import noun_commitments
from .official import TITLE, official_place
from .parse_actor import parsed_actor
from .patterns import Rules
from .record import sentence_record
from .when import bare_years, end_from_until, precision_of, start_date, stated_in, stated_start
from ..spans import text_of

NOUN_FORMS = {"moratorium", "moratoria", "hold", "pause", "suspension", "ban", "prohibition",
              "restriction", "restrictions", "regulation", "regulations"}
PASSIVE = re.compile(r"\b(be|been|is|are|was|were|being)\s+(?:\w+ly\s+)?$")
GOVERNMENT = {"LEGISLATURE", "LAW", "JURISDICTION", "AGENCY"}
ORDER = re.compile(r"order|instruct|forc|told|tell|requir|direct|stop\s|cease|enforcement|deletion")
# "IntelliVision is prohibited from ...", "Rite Aid has been banned from ...": a measure on a
# company, whose actor is the government body that imposed it.
IMPOSED_ON = re.compile(r"\b(?:requir|direct|mandat|order|instruct|forc|compel)\w*\s+(?:[\w'-]+,?\s+){1,12}?to\s+$")
NOT_ABLE = re.compile(r"(?:not|n't|no\s+longer)\s+be\s+(?:able|allowed|permitted)\s+to\s+use")
PASSIVE_ON = re.compile(r"\b(?:is|are|was|were|been|be)\s+(?:also\s+|now\s+|effectively\s+)?$")
TO_MORATORIUM = {"ban", "no_sale", "pause"}
TO_NO_SALE = {"police", "law_enforcement", "federal", "government"}
# Retiring a vendor's whole face-recognition line (not one feature of a product) is an exit.
WHOLE_LINE = re.compile(r"general[\s-]purpose|(?:face|facial)[\s-]recognition\s+(?:and\s+\w+\s+)?"
                        r"(?:products?|software|business|offerings?|technology|services?|line)")
# "retire some facial recognition capabilities": part of a line, not the whole.
PART_OF = re.compile(r"\s+(?:some|certain|several|a\s+few|parts?\s+of|one\s+of|elements\s+of)\b")
# "a temporary ban", "temporarily banned", "an interim prohibition": a moratorium
TEMPORARY = re.compile(r"\b(?:temporary|temporarily|interim|provisional|provisionally)\s+(?:[\w-]+\s+)?$")
# Actions that last for a while; only these take an end date from a duration.
TIME_BOUND = {"moratorium", "pause", "ban", "no_sale", "restriction"}


# Actions a regulator or court imposes on others (its "ban", "cease", "suspend" is an order).
REPORTED = re.compile(r"\b(?:said|says|announced|told|stated|confirmed)\b")
ORDERS = {"exit", "pause", "no_sale", "moratorium", "ban", "feature_retirement"}
ORDERING_KINDS = {"regulator", "court"}
COURT_NAME = re.compile(r"\b(?:Court|Tribunal)\b")
# A regulator named only by its role: an abbreviation or title the text defined for the
# regulator it names in full ("the Dutch Data Protection Authority ("DPA")").
# A fine or a penalty in or right after the trigger ("fined Clearview £7.5m", "imposed a fine",
# "was ordered to pay").
FINE = re.compile(r"\bfin(?:ed|es|ing)\b|\b(?:fine|fines|penalty|penalties)\b|\bto\s+pay\b")
FINE_TRIGGER = re.compile(r"fin(?:ed|es|ing)\b|impos|levi|issu|ordered|required|told")
GENERIC_REGULATOR = re.compile(r"(?:the\s+)?(?:DPA|SA|LSA|supervisory\s+authority|data\s+protection\s+authority|"
                               r"(?:privacy\s+|information\s+)?commissioner|watchdog|regulator)", re.IGNORECASE)


def actor_kind(name: str | None) -> str | None:
    """The registry kind of an agency actor ("regulator", "court", "police", ...), or None."""
    if not name:
        return None
    entry = get_vocabulary().lookup(name, "AGENCY")
    return entry.kind if entry is not None and entry.label == "AGENCY" else None


def ent_label_of(sent: Span, name: str) -> set[str]:
    """Labels of the entities in ``sent`` that ``name`` is the actor name of."""
    return {x.label_ for x in ents_in(sent) if actor_name(x) == name or x.text == name}


_TRIGGERS_SEEN_MAX = 4096  # scans kept per Rules object: (text, entity offsets) -> triggers


def triggers(low: str, ents: list[tuple[int, int]], rules: Rules):
    """Yield ``(action, start, end)`` for every trigger outside entity names, by priority.

    The same clause is scanned by the decider's cues, the clause extractor and the trigger
    checks; the result of the last few thousand scans is kept (every regex of every action
    runs on each scan)."""
    seen = rules.__dict__.setdefault("_seen", {})  # kept with the rules it was made by
    key = (low, tuple(ents))
    found = seen.get(key)
    if found is None:
        found = tuple(_scan(low, ents, rules))
        if len(seen) >= _TRIGGERS_SEEN_MAX:
            seen.clear()
        seen[key] = found
    yield from found


def _scan(low: str, ents: list[tuple[int, int]], rules: Rules):
    for action, regexes in rules.actions:
        for rx in regexes:
            for m in rx.finditer(low):
                s, e = m.span("t") if "t" in rx.groupindex else m.span()
                if not any(a <= s < b for a, b in ents):
                    yield action, s, e


SAID_THE = re.compile(r"\b(?:said|says|announced|announces|confirmed|stated)\s+(?:that\s+)?"
                      r"(?:the|its)\s+(?:[\w-]+\s+){0,2}$")


# "San Francisco's ban on use by city agencies in May 2019": a possessive trigger noun
# with its own explicit date reports the measure (it does not refer back to one).
OWNED = re.compile(r"'s\s+(?:[\w-]+\s+){0,2}$")


# "Under a policy its board adopted ..., X does not sell ...": a standing policy, not a description.
POLICY = re.compile(r"\b(?:under|per|by)\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+){0,2}(?:policy|rule|pledge|"
                    r"commitment|agreement|settlement)\b")
PRESENT_SALE = re.compile(r"\b(?:does|do|did)\s*(?:not|n't)\s+(?:\w+\s+)?(?:sell|offer|provide|supply|market|license)\b")


# Where the trigger's own clause starts inside the window: after ", but", ", leading to",
# "although"/"even though", "because", a semicolon, or a report ("the retailer said it ...").
# A call, hypothetical or denial before that belongs to another clause ("X recommended Y
# create a program even though the retailer said it removed ..." is the retailer's exit).
CLAUSE_OPEN = re.compile(r",\s*(?:but|yet|leading\s+to|prompting|resulting\s+in)\s|;|"
                         # a second predicate right before the trigger: "... where crimes may occur
                         # and also barred the city from ..."
                         r"\band\s+(?:also\s+|then\s+|later\s+|since\s+|has\s+|have\s+|had\s+|will\s+)?$|"
                         r"\b(?:even\s+though|although|"
                         r"though|because|whereas)\s|\b(?:said|says|announced|confirmed|stated)\s+(?:that\s+)?"
                         r"(?=(?:it|they|the\s+(?:company|firm|retailer|city|council|department|force|police|"
                         r"agency|regulator|watchdog|court))\b)")
# "a bill that would ban", "legislation to prohibit", "an ordinance which would bar": the
# proposal's own modal, no hypothetical (README: a proposed ban is a ban).
PROPOSED = re.compile(r"\b(?:bill|legislation|ordinance|measure|proposal)s?\s+(?:that\s+|which\s+)?"
                      r"(?:would|will)\s+(?=(?:[\w-]+\s+){0,3}$)")


def own_clause(window: str) -> str:
    """The part of the blocker window in the trigger's own clause (see ``CLAUSE_OPEN``)."""
    cuts = list(CLAUSE_OPEN.finditer(window))
    return window[cuts[-1].end():] if cuts else window


def blocked(sent: Span, low: str, s: int, e: int, rules: Rules, skip=(), dated: bool = False,
            action: str | None = None, owned_ok: bool = False) -> str | None:
    """Why the trigger states no new commitment: a call by others, a hypothetical, a denial,
    research by the authors, a negated trigger or a continuation ("will not lift",
    "remains paused"), a third party, or a reference to an earlier measure ("the one-year
    pause"); else None."""
    base = sent.start_char
    window = own_clause(low[window_start(sent, base + s) - base:s])
    for reason in ("call", "hypothetical", "denial", "research"):
        # "does not sell ... today and will not sell ... until": a present-state clause
        # before the pledge is no denial of it
        seen = PRESENT_SALE.sub(" ", window) if reason == "denial" else window
        if reason == "hypothetical":
            # "A federal agency may not use ...": the modal is the statute's, seen with its "not";
            # "a bill that would ban ...": a proposed measure is still a measure
            seen = PROPOSED.split(window)[-1] + low[s:e]
        if rules.blockers[reason].search(seen):
            return reason
    if rules.negated.search(low[max(0, s - 40):s]):
        return "negated"
    if action in ("exit", "pause", "no_sale") and IMPOSED_ON.search(low[max(0, s - 120):s]):
        return "imposed"  # "Requires the police department to stop using ...": a measure on them
    if action == "no_sale" and low[s:e] in ("not", "n't") and rules.present_state.search(low[:s]) \
            and not POLICY.search(low[:s]):
        return "present_state"  # "does not currently sell": a description, no pledge
    if rules.rejected_before.search(low[max(0, s - 80):s]) or (
            rules.proposal_before.search(low[max(0, s - 80):s]) and rules.rejected_after.search(low[e:])):
        return "rejected"  # "voted down a ban", "a proposal to ban ... was defeated"
    if not candidates_before(sent, base + s, skip) and rules.blockers["third_party"].search(low[:s]) \
            and not any(base <= a and b <= base + s for a, b, _ in sent.doc.user_data.get("frt_orgs") or []):
        return "third_party"  # "advocacy groups say ..." (but "store group 7-Eleven has stopped ...")
    introduced = rules.introduce_before.search(low[:s]) or rules.introduce_after.match(low[e:])
    reported = (dated or owned_ok and government_owner(sent, base + s) is not None) and OWNED.search(low[:s])
    if low[s:e] in NOUN_FORMS and rules.reference.search(low[:s]) and not (
            SAID_THE.search(low[:s]) or introduced or reported):
        return "reference"
    return None


def resolve_actor(sent: Span, low: str, s: int, e: int, ctx: DocContext, parsed, rules: Rules,
                  whole: Span | None = None, action: str | None = None) -> str | None:
    """Actor of the trigger at ``s``: parse subject (of the parse of ``whole``, inside the
    clause ``sent``), nearest entity, then pronoun rules."""
    abs_s = sent.start_char + s
    whole = sent if whole is None else whole
    if low[s:e] in NOUN_FORMS and ITS_NOUN.search(low[:s]):
        # "its recent announcement of a one-year moratorium": the company "its" stands for
        # (a vendor named in this or the previous sentence), not a body named nearer
        near = ctx.vendor_in_reach(sent, abs_s)
        if near:
            return near
    via_parse = parsed_actor(parsed, whole, abs_s - whole.start_char, ctx, sent) if parsed is not None else None
    before = candidates_before(sent, abs_s, ctx.datelines)
    if via_parse and before and actor_name(before[-1]) != via_parse \
            and JUST_AUX.fullmatch(low[before[-1].end_char - sent.start_char:s]):
        # "... our technology provider Amazon, the Washington County Sheriff's Office is ending
        # its program": the name right before the verb is its subject, whatever the parse says
        return actor_name(before[-1])
    if via_parse:
        return via_parse
    official = official_place(sent, abs_s, ctx) if TITLE.search(sent.text, 0, s) else None
    if official is not None and (not before or before[-1].end_char <= official[0]):
        return official[1]  # "Gov. Jay Inslee signed the law ...": Washington's
    if before:
        return actor_name(before[-1])
    owner = possessor(sent, abs_s)
    if owner is not None:
        return actor_name(owner)
    pre = low[:s]
    if ctx.legislative and rules.bill_lead.match(low):
        return ctx.hint_actor  # "Prohibits city departments from ...": the bill's jurisdiction
    law = LAW_REF.search(pre)
    if law:
        return ctx.law_before(abs_s) or (ctx.hint_actor if ctx.legislative else None)
    if LAW_AFTER.search(low, e):  # "Police will not be allowed to use it, says the ordinance."
        return ctx.law_before(sent.end_char) or (ctx.hint_actor if ctx.legislative else None)
    if action in GOVERNMENT_ACTIONS and LAWMAKERS.search(own_clause(pre)):
        place = ctx.place_before(abs_s)  # "Lawmakers earlier banned ...": the place whose lawmakers
        if place:
            return place
    if REGULATOR_REF.search(own_clause(pre)):
        # "the court also ... ordered Mercadona to stop", "The enforcement action also included a
        # ban on ...": the regulator or court the document is about
        regulator = ctx.regulator_before(abs_s)
        if regulator:
            return regulator
    pronouns = [m.group(1).lower() for m in PRONOUN.finditer(pre)]
    if pronouns and pronouns[-1] == "we":
        return None if ctx.kind == "paper" else ctx.publisher  # "we" in a paper: the authors
    if pronouns and pronouns[-1] in ("it", "they") and all(p in ("it", "they") for p in pronouns):
        # "They have since pledged to put the plan on hold", "It will also ban ...": the
        # nearest organisation of this or the previous sentence, a body of government first
        # for a government measure
        near = named_speaker(sent, s) if pronouns[-1] == "they" else None  # "Police said they ..."
        near = near or ctx.actor_near(sent, abs_s, government=action in GOVERNMENT_ACTIONS)
        if near:
            return near
    if pronouns or PASSIVE.search(pre) or rules_intro_after(low, e):
        return ctx.vendor_near(sent, abs_s) or (named_speaker(sent, s) if pronouns else None)
    return None


JUST_AUX = re.compile(r"\s*(?:(?:is|are|was|were|has|have|had|will|would|shall|also|now|then|"
                      r"been|just|already|quietly|formally|officially|finally)\s+)*")
LAWMAKERS = re.compile(r"\b(?:lawmakers|legislators)\s+(?:[\w,]+\s+){0,4}?(?:(?:banned|voted|passed|approved|enacted|adopted|"
                       r"imposed|extended|outlawed|prohibited)\b|$)")
ITS_NOUN = re.compile(r"\bits\s+(?:[\w-]+\s+){0,5}$")


# A regulator or court named by its role ("the court", "the watchdog", "the Commissioner")
# or its act ("the enforcement action", "the determination", "the ruling").
REGULATOR_REF = re.compile(r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:court|judge|regulator|watchdog|commissioner|"
                           r"authority|dpa|enforcement\s+action|determination|ruling|judgment|judgement)\b")


# "Australian retailer Bunnings said it had paused ...": the organisation speaking of itself.
SPEAKER_IT = re.compile(r"(?<![\w'])((?:[A-Z][\w&.'-]*)(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,3})\s+"
                        r"(?:has\s+|had\s+)?(?:said|says|announced|announces|confirmed|told\s+\w+|stated|"
                        r"disclosed|revealed)\s+(?:on\s+\w+\s+|this\s+week\s+|today\s+)?(?:that\s+)?"
                        r"(?:it|they|the\s+company|the\s+firm)\b")


def named_speaker(sent: Span, s: int) -> str | None:
    """The untyped organisation in "X said it ..." before the trigger, unless X is a person
    (a typed PERSON of two words or more), a body of government or a sentence opener."""
    matches = list(SPEAKER_IT.finditer(sent.text[:s]))
    if not matches:
        return None
    m = matches[-1]
    a, b = sent.start_char + m.start(1), sent.start_char + m.end(1)
    for ent in ents_in(sent):
        if ent.start_char < b and a < ent.end_char and (ent.label_ in GOVERNMENT or
                                                        ent.label_ == "PERSON" and len(ent) > 1):
            return None
    name = m.group(1)
    if name.split()[0] in ("The", "A", "An", "In", "On", "But", "And", "Meanwhile", "However", "Later"):
        name = " ".join(name.split()[1:])
    return name or None


def government_owner(sent: Span, char: int) -> Span | None:
    """The place or body owning the trigger noun ("California's ban"), or None."""
    owner = possessor(sent, char)
    return owner if owner is not None and owner.label_ in ("JURISDICTION", "LEGISLATURE", "AGENCY") else None


def possessor(sent: Span, char: int) -> Span | None:
    """The actor entity owning the trigger noun ("with San Francisco's ban"), or None."""
    doc = sent.doc
    for ent in reversed(ents_in(sent)):
        if ent.end_char <= char and ent.label_ in ACTOR_LABELS and ent.end < len(doc) \
                and doc[ent.end].text in ("'s", "\u2019s") and char - ent.end_char <= 25:
            return ent
    return None


def rules_intro_after(low: str, e: int) -> bool:
    return bool(re.match(r"^\s*(announced|imposed|adopted)\b", low[e:]))


SCOPE_WINDOW = 90  # chars after the trigger where its object ("on police use of ...") is


def scope_of(low: str, s: int, rules: Rules, product: str | None) -> str | None:
    """Scope whose cue comes first shortly after the trigger, else first in the sentence."""
    after = [(m.start(), k) for k, rx in rules.scopes for m in [rx.search(low, s, s + SCOPE_WINDOW)] if m]
    if after:
        return min(after)[1]
    anywhere = [(m.start(), k) for k, rx in rules.scopes for m in [rx.search(low)] if m]
    return min(anywhere)[1] if anywhere else product


def extract_sentence(sent: Span, ctx: DocContext, rules: Rules, parsed=None) -> list[dict]:
    """Commitments in ``sent``: at most one per clause (see ``clauses``); a clause without
    its own actor inherits the previous clause's. May hold ``_reference`` updates instead."""
    listed = listings(sent, ctx)
    if listed:  # "added Hikvision and Dahua to the Entity List": one restriction per company
        return [sentence_record(sent, ctx, ctx.placed(lister), "restriction", target=company)
                for lister, company in listed]
    out: list[dict] = []
    actor = None
    for clause, quoted in clauses(sent, lambda span: has_trigger(span, rules)):
        found = extract_clause(clause, ctx, rules, parsed, actor, sent, quoted)
        if found:
            actor = found.get("actor", actor)
            out.extend(coordinated(clause, found, ctx))
    return out + noun_commitments(sent, ctx, out)


JOINED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")
# After a coordinated subject, its verb: "IBM, Microsoft, and Amazon ― have decided to stop
# selling", "Microsoft and IBM also paused sales", "Axon and Motorola later withdrew ...".
SUBJECT_AFTER = re.compile(r"^\s*(?:[,\u2015\u2014\u2013)]\s*|-\s+)?"
                           r"(?:(?:both|each|also|jointly|together|all|recently|later|then|since|subsequently|"
                           r"similarly|likewise|quickly|previously|already|have|had)\s+){0,2}"
                           r"(?:said|say|says|announced|announce|confirmed|pledged|promised|agreed|decided|"
                           r"will|would|have|had|are|were|plan|planned|told|stated|on\s+\w+\s+(?:said|announced)|"
                           r"[a-z]{3,}ed|left|quit|withdrew|stopped|halted|shut|pulled|made|took|gave)\b")


GOVERNMENT_ACTIONS = {"ban", "moratorium", "restriction", "regulation"}
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|and\s+|or\s+|&\s*|as\s+well\s+as\s+)"
                      r"(?:the\s+)?$")  # "Italy, the UK, France and Greece"
# Between two lists of one recap: "San Francisco, Oakland and Berkeley and the MA cities of
# Cambridge, Somerville ...", "... and Somerville — as well as other major cities such as ...".
LIST_BRIDGE = re.compile(r"^\s*(?:[,;\u2013\u2014-]\s*)?(?:and|as\s+well\s+as|plus)\s+(?:the\s+)?(?:other\s+)?"
                         r"(?:[\w.-]+\s+){0,2}(?:cities|towns|communities|"
                         r"municipalities|counties|states|places)\s+(?:of|such\s+as|like|including)\s+$")


# "government bans", "city prohibitions": the measure is the places', not a vendor's
PUBLIC_MEASURE = re.compile(r"\b(?:government|city|cities|state|states|local|municipal|countries|councils?)\s+"
                            r"(?:[\w-]+\s+){0,2}(?:bans?|prohibitions?|moratori)", re.IGNORECASE)


def _container(x: Span) -> bool:
    """A state or country ("In Massachusetts, Springfield, Cambridge ...")."""
    entry = get_vocabulary().lookup(x.kb_id_ or x.text, "JURISDICTION")
    return entry is not None and entry.kind in ("state", "country")


def place_lists(clause: Span) -> list[list[Span]]:
    """Lists of two or more places joined by commas/"and"/"or" in the clause
    ("Springfield, Cambridge, Northampton, Brookline and Somerville")."""
    text = text_of(clause.doc)
    places = [x for x in ents_in(clause) if x.label_ in ("JURISDICTION", "LEGISLATURE")]
    lists, run = [], []
    for x in places:
        if run and LIST_GAP.match(text[run[-1].end_char:x.start_char]):
            run.append(x)
        else:
            if len(run) > 1:
                lists.append(run)
            run = [x]
    if len(run) > 1:
        lists.append(run)
    # "In Massachusetts, Springfield, Cambridge ...": the state holds the cities
    lists = [run[1:] if _container(run[0]) and not _container(run[1]) else run for run in lists]
    lists = [run for run in lists if len(run) > 1]
    merged: list[list[Span]] = []  # lists of one recap, bridged by "and the MA cities of"
    for run in lists:
        if merged and LIST_BRIDGE.match(text[merged[-1][-1].end_char:run[0].start_char]):
            merged[-1] = merged[-1] + run
        else:
            merged.append(run)
    return merged


def listed_places(clause: Span, found: dict, ctx: DocContext) -> list[dict] | None:
    """"In Massachusetts, Springfield, Cambridge and Somerville have enacted prohibitions",
    "bans in cities such as Boston and Minneapolis", "joins Alton and Bexley, which ...":
    a government measure shared by a list of places is one measure per place (and the
    clause's own actor keeps its measure when it is a place not in the list)."""
    if found["action"] not in GOVERNMENT_ACTIONS:
        return None
    lists = place_lists(clause)
    if not lists:
        return None
    names = list(dict.fromkeys(actor_name(x) for x in max(lists, key=len)))
    labels = {x.label_ for x in ents_in(clause) if actor_name(x) == found["actor"]}
    if labels & {"VENDOR", "PRODUCT"} and not PUBLIC_MEASURE.search(clause.text):
        return None  # "Clearview agreed to a ban in Illinois and Vermont": the vendor's
    keep = found["actor"] and found["actor"] not in names and labels & {"JURISDICTION", "LEGISLATURE", "AGENCY"} \
        and not any(_container(x) for x in ents_in(clause) if actor_name(x) == found["actor"])  # "U.S. cities such as"
    # dated from the text when the clause says when ("banned it last year"), else undated
    when = None if found.get("_undated") else found["start"]
    listed = [dict(found, actor=name, start=when, start_precision=found.get("start_precision") if when else None)
              for name in names]
    return ([found] if keep else []) + listed


def coordinated(clause: Span, found: dict, ctx: DocContext) -> list[dict]:
    """"Veridex Systems and Halcyon Biometrics said they would stop selling ...": one
    commitment per vendor of a coordinated subject (same action, dates and quote); a
    list of places sharing a measure, one per place."""
    if "_reference" in found:
        return [found]
    places = listed_places(clause, found, ctx) if not ctx.legislative else None
    if places:
        return places
    if not found.get("actor"):
        return [found]
    vendors = [x for x in ents_in(clause) if x.label_ == "VENDOR"]
    text, base = text_of(clause.doc), clause.start_char
    groups, group = [], []
    for x in vendors:
        if group and JOINED.match(text[group[-1].end_char:x.start_char]):
            group.append(x)
        else:
            if len(group) > 1:
                groups.append(group)
            group = [x]
    if len(group) > 1:
        groups.append(group)
    for g in groups:
        names = list(dict.fromkeys(actor_name(x) for x in g))
        if found["actor"] not in names or len(names) < 2:
            continue
        first = g[0]
        prev = clause.doc[first.start - 1].lower_ if first.start > clause.start else ""
        if prev in PREPOSITIONS or not SUBJECT_AFTER.match(text[g[-1].end_char:clause.end_char]):
            continue
        return [dict(found, actor=name) for name in names]
    orgs = [(a, b, name) for a, b, name in clause.doc.user_data.get("frt_orgs") or []
            if clause.start_char <= a and b <= clause.end_char]
    runs: list[list[tuple[int, int, str]]] = []
    for org in orgs:  # "Walmart, Kroger, Home Depot ... and Verizon": organisations joined
        if runs and JOINED.match(text[runs[-1][-1][1]:org[0]]):
            runs[-1].append(org)
        else:
            runs.append([org])
    for run in runs:
        names = list(dict.fromkeys(name for _, _, name in run))
        if len(names) < 2 or found["actor"] not in names or not SUBJECT_AFTER.match(text[run[-1][1]:clause.end_char]):
            continue
        prev = text[max(clause.start_char, run[0][0] - 12):run[0][0]].lower().split()
        if prev and prev[-1] in PREPOSITIONS:
            break
        return [dict(found, actor=name) for name in names]
    return [found]


def subject_before(sent: Span, s: int, ctx: DocContext) -> str | None:
    """The company a passive measure falls on ("Rite Aid has been banned", "The company was
    ordered to ..."): the last name before the trigger, else the vendor "the company" means."""
    names = [x for x in ents_in(sent) if x.end_char - sent.start_char <= s and x.label_ not in GOVERNMENT]
    orgs = [(a, name) for a, b, name in sent.doc.user_data.get("frt_orgs") or []
            if sent.start_char <= a and b - sent.start_char <= s]
    if orgs and (not names or orgs[-1][0] > names[-1].start_char):
        return orgs[-1][1]  # "Rite Aid has been banned from ...": an organisation the text names
    if names:
        return actor_name(names[-1]) if names[-1].label_ in ("VENDOR", "PRODUCT") else names[-1].text
    if PRONOUN_OR_COMPANY.search(sent.text[:s]):
        return ctx.vendor_near(sent, sent.start_char + s)
    return None


PRONOUN_OR_COMPANY = re.compile(r"\b(?:it|the\s+(?:company|firm|business|startup|start-up|retailer))\b", re.IGNORECASE)


SPOKEN_TO = {"told", "tells", "telling", "tell", "informed", "informs", "notified", "wrote", "asked"}


def named_before(sent: Span, actor: str, s: int) -> int:
    """Where ``actor`` (an entity's or an organisation's name) is last named in ``sent`` before
    char ``s`` (relative to the sentence): its start char plus one, or 0 when it is not."""
    base = sent.start_char
    at = [x.start_char - base + 1 for x in ents_in(sent) if (actor_name(x) == actor or x.text == actor)
          and x.end_char - base <= s]
    at += [a - base + 1 for a, b, name in sent.doc.user_data.get("frt_orgs") or []
           if name == actor and base <= a and b - base <= s]
    return max(at, default=0)


def org_subject(sent: Span, s: int, action: str, skip=()) -> str | None:
    """An untyped organisation opening the clause before a company trigger ("Kroger said it
    would stop using ...", "Bunnings and Kmart paused ..."): the last one before the trigger
    that is not the object of a preposition nor in ``skip`` (a dateline's news agency)."""
    if action in GOVERNMENT_ACTIONS:
        return None
    doc, base = sent.doc, sent.start_char
    for a, b, name in reversed(doc.user_data.get("frt_orgs") or []):
        if base <= a and b - base <= s and a not in skip:
            before = text_of(doc)[max(base, a - 12):a].lower().split()
            if before and before[-1] in PREPOSITIONS | {"the"} and not (len(before) > 1 and before[-1] == "the"
                                                                        and before[-2] not in PREPOSITIONS):
                continue
            if before and before[-1] in SPOKEN_TO:
                continue  # "Amazon told Reuters it is extending ...": whom it was said to
            return name
    return None


def ordered_party(sent: Span, low: str, e: int) -> str | None:
    """The company a regulator's order names after the trigger ("ordered Clearview AI to
    delete ..."): the first vendor after it, or None."""
    after = [x for x in ents_in(sent) if x.start_char - sent.start_char >= e and x.label_ in ("VENDOR", "PRODUCT")]
    if after:
        return actor_name(after[0])
    if re.match(r"\s+(?:the\s+(?:company|firm|business|startup|start-up|retailer)|it)\b", low[e:]):
        vendors = [x for x in ents_in(sent) if x.label_ in ("VENDOR", "PRODUCT") and x.start_char - sent.start_char < e]
        return actor_name(vendors[-1]) if vendors else None
    return None


def has_trigger(span: Span, rules: Rules) -> bool:
    """A trigger word outside entity names in ``span``."""
    if not len(span):
        return False
    low = span.text.lower().replace("\u2019", "'")
    ents = [(x.start_char - span.start_char, x.end_char - span.start_char) for x in ents_in(span)]
    return next(triggers(low, ents, rules), None) is not None


def extract_clause(sent: Span, ctx: DocContext, rules: Rules, parsed=None, inherited: str | None = None,
                   whole: Span | None = None, quoted: Span | None = None, owned_ok: bool = False) -> dict | None:
    """The commitment stated in one clause ``sent`` of the sentence ``whole`` (``parsed``:
    its parse), quoting ``quoted`` (default: the clause), or None."""
    low = sent.text.lower().replace("\u2019", "'")  # same length: offsets stay valid
    ents = [(x.start_char - sent.start_char, x.end_char - sent.start_char) for x in ents_in(sent)]
    reference = None
    dated = any(m.explicit_year for m in ctx.dates_in(sent))
    owned = None
    for action, s, e in triggers(low, ents, rules):
        reason = blocked(sent, low, s, e, rules, ctx.datelines, dated, action, owned_ok)
        if reason == "reference" and reference is None:
            reference = action
            if action in GOVERNMENT_ACTIONS and government_owner(sent, sent.start_char + s) is not None:
                owned = action
        if reason:
            continue
        actor = resolve_actor(sent, low, s, e, ctx, parsed, rules, whole, action)
        org = org_subject(sent, s, action, ctx.datelines)
        if org is not None and actor is not None and named_before(sent, actor, s) < named_before(sent, org, s):
            actor = org  # "Rite Aid says it no longer uses ...": the company opening the clause, not an
            # actor "it" resolved to from an earlier sentence, nor one named before the company
            # ("... while the OAIC investigated, now Kmart has temporarily stopped ...")
        actor = actor or inherited or org
        target = None
        imposed = action in ("ban", "restriction") and (PASSIVE_ON.search(low[:s]) or NOT_ABLE.match(low, s))
        if action == "restriction" and ORDER.match(low, s) or imposed:  # the orderer is a government body
            bodies = [x for x in candidates_before(sent, sent.start_char + s, ctx.datelines)
                      if x.label_ in GOVERNMENT]
            if imposed:
                target = subject_before(sent, s, ctx)
            if imposed and action == "ban":
                # a ban falls on the police or a company; a legislature or place imposes it,
                # named before or after ("... after the city council voted")
                law_bodies = [x for x in ents_in(sent) if x.label_ in ("LEGISLATURE", "JURISDICTION")
                              and x.start_char - sent.start_char > e]
                bodies = [x for x in bodies if x.label_ in ("LEGISLATURE", "JURISDICTION")] or law_bodies[:1]
            else:
                # an agency orders; a place named before it is more often a modifier ("UK data protection laws")
                bodies = [x for x in bodies if x.label_ == "AGENCY"] or bodies
            fallback_body = ctx.body_before(sent.start_char + s) if not (imposed and action == "ban") else (
                ctx.hint_actor if ctx.legislative else ctx.place_before(sent.start_char + s))
            orderer = actor_name(bodies[-1]) if bodies else fallback_body if imposed and action == "ban" else \
                ctx.agency_before(sent.start_char + s) or (
                ctx.body_before(sent.start_char + s) if imposed or PASSIVE_ON.search(low[:s]) else None)
            company = (imposed and target is not None and PASSIVE_ON.search(low[:s])
                       and not REPORTED.search(low[:s]) and not ent_label_of(sent, target) & GOVERNMENT)
            if company and (orderer is None or action == "ban"):
                # "Rite Aid has been banned from ...", "IntelliVision is prohibited from ...":
                # a measure on a company is a regulator's order, else no one's pledge
                regulator = ctx.regulator_before(sent.start_char + s)
                if regulator is not None:
                    orderer, action = regulator, "restriction"
                elif orderer is None:
                    continue
            if orderer or not imposed:
                actor = orderer
            else:
                target = None
        if not actor and action in GOVERNMENT_ACTIONS and ctx.legislative:
            actor = ctx.hint_actor  # statute style: "A federal agency may not use ..."
        if not actor and action in GOVERNMENT_ACTIONS and place_lists(sent):
            actor = actor_name(place_lists(sent)[0][0])  # "was prohibited in A, B and C": each place
        if not actor:
            continue
        if GENERIC_REGULATOR.fullmatch(actor):
            # "the DPA ordered ...", "the Commissioner ...": the named regulator the text is about
            actor = ctx.regulator_before(sent.start_char + s, GENERIC_REGULATOR) or next(
                (r for x in ents_in(sent) if x.label_ == "JURISDICTION" and x.end_char - sent.start_char <= s
                 for r in [described_regulator(x)] if r), None) or actor  # "Netherlands' DPA fines ..."
        actor = ctx.placed(actor)
        law = None
        if ctx.is_law(actor):  # "AB 1215 bars police from ...": California's measure, law AB 1215
            law, actor = actor, ctx.enactor(sent.start_char + s, actor) or actor
        if target is None and action == "restriction" and ORDER.match(low, s):
            target = ordered_party(sent, low, e) or (subject_before(sent, s, ctx) if PASSIVE_ON.search(low[:s]) else None)
        ent_labels = {x.label_ for x in ents_in(sent) if actor_name(x) in (actor, law)}
        if action == "restriction" and FINE_TRIGGER.match(low, s) and FINE.search(low, s, min(len(low), e + 20)) \
                and not (actor_kind(actor) in ORDERING_KINDS or COURT_NAME.search(actor)):
            # a fine is a regulator's or a court's: "The High School Board ... has violated ...
            # so we now issue a penalty fee" is the regulator's the text names, else no one's
            regulator = ctx.regulator_before(sent.start_char + s)
            passive = re.search(r"\b(?:was|were|is|are|been|be|being)\s+(?:also\s+)?$", low[max(0, s - 16):s])
            if regulator is None and (passive or not ent_labels & {"AGENCY"}):
                continue  # "The Swedish Police Authority was fined ...": the fined body is no actor
            actor = regulator or actor
        if action == "regulation" and not ent_labels & GOVERNMENT and not official_of(sent, actor, ctx) and actor not in (
                ctx.law_before(10**9), ctx.hint_actor if ctx.legislative else None):
            continue
        products = [x.kb_id_ for x in ents_in(sent) if x.label_ == "PRODUCT"]
        product = products[0] if products else None
        scope = scope_of(low, s, rules, product)
        duration = find_duration(sent.text)
        if action == "no_sale" and ent_labels & GOVERNMENT and "VENDOR" not in ent_labels:
            action = "ban"  # "the council will not allow city departments to use ..."
        if action == "exit" and scope in TO_NO_SALE and low[s:e].startswith("no longer"):
            action = "no_sale"
        elif action == "no_sale" and scope is None and low[s:e].startswith(("stop", "no longer")):
            action = "exit"  # "stop offering the technology altogether"
        elif action == "feature_retirement" and product is None and WHOLE_LINE.search(low, e, e + 80) \
                and not PART_OF.match(low, e):
            action = "exit"  # "discontinue its general-purpose facial recognition products"
        if action in TO_MORATORIUM and duration and duration.delta and "VENDOR" in ent_labels | (
                {"VENDOR"} if actor == ctx.main_vendor else set()):
            action = "moratorium"
        if action in ORDERS and (actor_kind(actor) in ORDERING_KINDS or COURT_NAME.search(actor or "")):
            # a regulator or court does not pledge: what it imposes on others is its order
            # ("the Commissioner made declarations, including for the organisation to cease ...")
            action = "restriction"
            target = target or ordered_party(sent, low, e)
        elif action == "ban" and "VENDOR" in ent_labels and not ent_labels & GOVERNMENT \
                and not PUBLIC_MEASURE.search(sent.text) and not place_lists(sent):
            # a company's own "ban" on police use is a sales policy, not a government ban
            action = "no_sale" if scope in TO_NO_SALE or scope is None else "restriction"
        if action == "ban" and TEMPORARY.search(low, max(0, s - 40), s):
            action = "moratorium"  # "signed a temporary ban on their use"
        elif action == "exit" and "VENDOR" in ent_labels and find_condition(sent.text):
            action = "moratorium"  # "will stop offering it through its cloud APIs until it has policies"
        if action == "restriction" and WITH_LIMITS.search(low[:s]) and PERMITS.search(low[:s]):
            action = "regulation"  # "signed the law allowing agencies to use it, with restrictions ..."
        if action == "ban" and rules.among_rules.search(low[:s]):
            action = "regulation"  # "requirements, procedures, and prohibitions relating to ..."
        elif action == "ban" and rules.narrowed_after.search(low[e:]):
            action = "restriction"  # "prohibit using the results as the sole basis for an arrest"
        if duration and action not in TIME_BOUND and (action != "extension" or duration.delta):
            duration = None
        start = start_date(sent, ctx, whole)
        end = add_duration(start, duration)
        until = end_from_until(sent, ctx) if action in TIME_BOUND else None
        if until and not any(m.is_start_candidate for m in ctx.dates_in(sent)):
            # "a three-year moratorium ... lapsed on January 1, 2023": the end is stated
            end = until
            if duration and duration.delta:
                start = until - duration.delta
        elif end is None and until and not (duration and duration.delta is None):
            end = until
        shown = quoted if quoted is not None else sent
        q_start, q_end = quote_span(shown)
        return {
            "actor": actor, "action": action, "scope": scope, "product": product,
            "start": start.isoformat() if start else None,
            "start_precision": precision_of(start, sent, ctx, whole),
            "end": end.isoformat() if end else None,
            "duration": duration.text if duration else None,
            "condition": find_condition(sent.text), "law": law, "target": target,
            "quote": shown.text[q_start - shown.start_char:q_end - shown.start_char],
            "start_char": q_start, "end_char": q_end,
            "_stated": stated_in(whole if whole is not None else sent, ctx),
            "_undated": not ctx.dates_in(sent) and not (whole is not None and ctx.dates_in(whole))
            and not bare_years(whole if whole is not None else sent),
        }
    if reference is None:
        said = vendor_condition(sent, ctx)
        if said:
            return said
    if reference is None and EXPIRY.search(low):
        reference = "*"  # "The law takes effect ... and sunsets on January 1, 2023": the last measure
    update = reference_update(sent, reference, ctx)
    if owned and not owned_ok:
        # "California's ban on police use ... is set to expire", "Portland's ban, which also
        # bars ...": a recap of a place's measure. It updates that measure when the document
        # stated it already (registry); otherwise it is the measure.
        recap = extract_clause(sent, ctx, rules, parsed, inherited, whole, quoted, owned_ok=True)
        if recap and "_reference" not in recap:
            recap["_recap"] = update
            return recap
    return update


# "allowing government agencies to use facial recognition, with restrictions ...": rules
# under which use goes on (a regulation), not a restriction of its own
WITH_LIMITS = re.compile(r"\bwith\s+(?:[\w-]+\s+){0,2}$")
PERMITS = re.compile(r"(?<!\bnot\s)\b(?:allow|permit|authori[sz])\w*\s+(?:[\w'-]+\s+){0,4}?(?:to\s+)?(?:use|deploy|access|run)\b")


def official_of(sent: Span, actor: str | None, ctx: DocContext) -> bool:
    """``actor`` is the place of a governor or mayor acting in ``sent`` ("Gov. Jay Inslee signed")."""
    found = official_place(sent, sent.end_char, ctx) if TITLE.search(sent.text) else None
    return found is not None and found[1] == actor


# A measure's stated end: "sunsets on January 1, 2023", "expires in June 2024", "lapses on ...".
EXPIRY = re.compile(r"\b(?:sunset(?:s|ted)?|expire[sd]?|lapse[sd]?)\s+(?:on\s+|in\s+)?"
                    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)")


SAYS = re.compile(r"^\s*(?:said|says|added|adds|noted|stated|explained)\b")
OPENER = re.compile(r"^\W*([A-Z][\w&-]*)\s+(?:said|says|added|adds|noted|stated|explained)\b")


def speaker(sent: Span, ctx: DocContext) -> str | None:
    """The vendor opening "Veridex said ...": its actor name, or the bare capitalised word
    (matched against the document's commitments by first word) when it is untyped."""
    text = sent.text
    for ent in ents_in(sent):
        if ent.label_ in ACTOR_LABELS and not text[:ent.start_char - sent.start_char].strip(" \n\"'\u201c\u2018") \
                and SAYS.match(text[ent.end_char - sent.start_char:]):
            return actor_name(ent)
        break
    m = OPENER.match(text)
    return f"~{m.group(1)}" if m else None


def vendor_condition(sent: Span, ctx: DocContext) -> dict | None:
    """"Veridex said until federal rules exist": a condition of that vendor's commitment."""
    condition = find_condition(sent.text)
    who = speaker(sent, ctx) if condition else None
    if who is None:
        return None
    return {"_reference": "*", "_duration": None, "condition": condition, "_actor": who,
            "_end": None, "_start": None, "_said": True}


def reference_update(sent: Span, action: str | None, ctx: DocContext) -> dict | None:
    """'The moratorium will last one year.': details for an earlier commitment, if any;
    "California's three-year moratorium" only updates California's."""
    if action is None:
        return None
    duration, condition = find_duration(sent.text), find_condition(sent.text)
    if not (duration or condition or end_from_until(sent, ctx)):
        return None
    doc = sent.doc
    owners = [x for x in candidates_before(sent, sent.end_char, ctx.datelines)
              if x.end < len(doc) and doc[x.end].text in ("'s", "\u2019s")]
    until = end_from_until(sent, ctx)
    if action == "*" and until is None:
        return None
    if action == "*" and not owners:  # "AB 1215 sunsets on ...": the named law's measure
        named = [x for x in candidates_before(sent, sent.end_char, ctx.datelines) if x.label_ in GOVERNMENT]
        owners = named[:1]
    begins = stated_start(sent.text, ctx.dates_in(sent), ctx.date)
    said = speaker(sent, ctx) if not owners else None  # "Veridex said the halt would last until ..."
    return {"_reference": action, "_duration": duration, "condition": condition,
            "_actor": actor_name(owners[0]) if owners else said,
            "_end": until.isoformat() if until else None,
            "_start": begins.isoformat() if begins else None}


def quote_span(sent: Span) -> tuple[int, int]:
    """Char span of the sentence without surrounding whitespace."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, max(start, sent.start_char + len(text.rstrip()))
