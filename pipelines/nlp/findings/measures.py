"""Values and demographic groups in a sentence, paired into measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import normalize_group
from .patterns import FindingRules
from ..spans import text_of

NEAR = 70  # max chars between a value and its group
RESTATED = re.compile(r"[\s\w]{0,15}\(\s*$")
_NAME = r"[A-Z][\w+&-]*(?:[ ]+[A-Z][\w+&-]*){0,2}"
# "... 4.1%, 2.6% and 1.9% for Vistara, OptiFace and PersonaID, respectively": one value per system.
_LIST = _NAME + r"(?:,[ ]+" + _NAME + r")*,?[ ]+(?:and|&)[ ]+" + _NAME
SYSTEM_NOUN = r"(?:systems|algorithms|products|matchers|tools|models|vendors|engines|classifiers|services)"
SYSTEM_LIST = re.compile(r"\b(?:for|by|of|from|on|with)\s+(?:the\s+)?(?:(?P<list>" + _LIST + r")|(?:[\w-]+\s+){0,3}?"
                         + SYSTEM_NOUN + r"\s*\((?P<plist>" + _LIST + r")\)),?\s+respectively\b")
# Systems introduced before the sentence that reports their values "respectively": "We
# audited three commercial systems: Vistara, OptiFace and PersonaID."
SYSTEM_INTRO = re.compile(r"\b(?:" + SYSTEM_NOUN + r"\s*(?::|\(|,\s+(?:namely\s+)?|\s+(?:namely|including|from)\s+|\s+[-\u2013\u2014]+\s+)"
                          r"|(?:evaluated|tested|audited|assessed|benchmarked|examined|studied|analy[sz]ed|covered|included)\s+)"
                          r"\s*(?P<list>" + _LIST + r")\b")
# The values of a list right before "respectively" with no system list in the sentence.
RESPECTIVELY_AFTER = re.compile(r"^\s*(?:%|percent|per\s+cent|times|-?fold|x)?\s*,?\s*respectively\b")
# Between the values of one list: "4.1%, 2.6% and 1.9%".
VALUE_SEP = re.compile(r"^\s*(?:%|percent|per\s+cent|times|-?fold|x)?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*;\s*)$")
# A change over time keeps the group: "fell to 6.2% for X, down from 34.7% in 2018", "from
# 34.7% (in 2018) to 6.2%".
DOWN_FROM = re.compile(r"^[^;%\d]{0,60}?,?\s*(?:down|up)\s+from\s*$")
FROM_TO = re.compile(r"^\s*(?:%|percent|per\s+cent|times|-?fold|x)?\s*(?:in\s+(?:19|20)\d\d\s*)?,?\s*to\s*$")
FROM_BEFORE = re.compile(r"\bfrom\s*$")


PERSON_HEAD = re.compile(r"\b(?:women|men|females|males|children|adults|teenagers)\b(?:\s+(?:over|under|aged|above|below)\b.*)?$",
                         re.IGNORECASE)
GROUP_AND = re.compile(r"^(?:,\s*|,?\s+(?:and|or)\s+)$")
# A comparison group opening the sentence: "Compared with white faces, ...".
OPENING_COMPARISON = re.compile(r"(?:^|[,;:]\s*)(?:compared\s+(?:with|to)|relative\s+to|unlike|versus|against|in\s+contrast\s+to)\s+(?:the\s+|those\s+(?:of|for)\s+)?$",
                                re.IGNORECASE)
# The label a system wrongly gave: "classified women as men", "thought darker-skinned women were men".
MISTAKEN_FOR = re.compile(r"\b(?:classif|identif|label|tagg|thought|mistook|took|misgender)\w*\s+(?:[\w-]+\s+){1,3}?"
                          r"(?:as|were|was)\s+$", re.IGNORECASE)
LIST_SPLIT = re.compile(r",\s+|\s+(?:and|or)\s+")


@dataclass
class Measure:
    value: float | None
    unit: str | None
    start: int
    end: int
    groups: list[str]
    comparison: bool
    system: tuple[int, int] | None = None  # char span of its system in a "respectively" list


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100}
_WORD = (r"(?:a\s+hundred|one\s+hundred|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
         r"sixty|seventy|eighty|ninety|hundred)")
# "two to five times higher", "ten-fold": a spelled-out multiple (the upper bound of a range).
WORD_TIMES = re.compile(r"\b(?:(?:between\s+)?" + _WORD + r"\s*(?:times\s+)?(?:to|and|-|\u2013)\s*)?(?P<w>" + _WORD
                        + r")[\s-]*(?:times|fold)\b")


# "six per cent", "twenty percent": a spelled-out percentage.
WORD_PCT = re.compile(r"\b(?P<w>" + _WORD + r")[\s-]*(?:%|percent\b|per\s+cent\b)")
# "almost a third of the time", "one-fifth of the matches", "half of the alerts": a fraction
# of the time or of the cases is a percentage (a third: 33.3).
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
FRACTION = re.compile(r"\b(?:(?P<n>a|one|two|three|four)[\s-]+)?(?P<d>half|thirds?|quarters?|fifths?|tenths?)\s+of\s+"
                      r"(?:the\s+time\b|(?:all\s+)?(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:cases|matches|alerts|searches|"
                      r"attempts|images|photos|faces|people|subjects|individuals|identifications|results|trials|comparisons)\b)")
_FRACTION_N = {None: 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def _fraction(m: re.Match) -> float | None:
    d = FRACTIONS[m.group("d").rstrip("s")]
    n = _FRACTION_N[m.group("n")]
    if m.group("d") == "half" and m.group("n") not in (None, "a", "one"):
        return None
    return round(100.0 * n / d, 1) if n < d else None


def find_values(low: str, rules: FindingRules) -> list[tuple[float, str, int, int]]:
    taken: list[tuple[int, int]] = []
    out = []
    for m in WORD_TIMES.finditer(low):
        taken.append(m.span())
        out.append((float(NUMBER_WORDS[" ".join(m.group("w").split())]), "x", m.start(), m.end()))
    for m in WORD_PCT.finditer(low):
        taken.append(m.span())
        out.append((float(NUMBER_WORDS[" ".join(m.group("w").split())]), "%", m.start(), m.end()))
    for m in FRACTION.finditer(low):
        value = _fraction(m)
        if value is not None:
            taken.append(m.span())
            out.append((value, "%", m.start(), m.end()))
    for kind, rx in rules.values:
        for m in rx.finditer(low):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            low_end = m.groupdict().get("lo1") or m.groupdict().get("lo2")
            if low_end and float(low_end) > float(m.group("v")):
                continue
            taken.append(m.span())
            value = 0.0 if kind == "zero" else float(m.group("v"))
            unit = "x" if kind in ("range_x", "times") else "%"
            out.append((value, unit, m.start(), m.end()))
    return _merge_restated(low, sorted(out, key=lambda v: v[2]))


def _merge_restated(low: str, values: list) -> list:
    """"no errors at all (0%)": a value restated in parentheses is one value."""
    out = []
    for v in values:
        if out and out[-1][0] == v[0] and RESTATED.match(low, out[-1][3], v[2]):
            close = low.find(")", v[3], v[3] + 3)
            out[-1] = (*out[-1][:3], close + 1 if close != -1 else v[3])
            continue
        out.append(v)
    return out


def find_groups(text: str, rules: FindingRules) -> list[tuple[int, int, list[str]]]:
    """Groups with char spans; coordinated names ("Asian and African American faces") split."""
    spans: list[tuple[int, int, list[str]]] = []
    for m in rules.group.finditer(text):
        if MISTAKEN_FOR.search(text[max(0, m.start() - 80):m.start()]):
            continue  # "thought darker-skinned women were men": the wrong label is no group
        names = [normalize_group(m.group("g"))]
        start = m.start()
        c = rules.coordinated.search(text[max(0, start - 100):start])
        if c:
            # "Black and Asian women": a person noun is shared ("black women", "asian women");
            # "Asian and African American faces": "faces" names no group of its own.
            head = PERSON_HEAD.search(m.group("g"))
            suffix = " " + head.group(0) if head else ""
            mods = [x for x in LIST_SPLIT.split(c.group("c")) if x.strip()]
            names[:0] = [normalize_group(x + suffix) for x in mods]
            start = max(0, start - 100) + c.start()
        spans.append((start, m.end(), names))
    for m in rules.known_groups.finditer(text):
        if MISTAKEN_FOR.search(text[max(0, m.start() - 80):m.start()]):
            continue
        # a known longer name wins over the generic match inside it ("women with darker
        # skin", "people wearing masks" over "women", "people")
        inside = [x for x in spans if m.start() <= x[0] and x[1] <= m.end() and x[1] - x[0] < m.end() - m.start()]
        if inside:
            spans = [x for x in spans if x not in inside]
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), [normalize_group(m.group(0))]))
    # Whole groups coordinated ("women over 65 and children under 12"): one span, both names
    # (not in a "respectively" list, where each group takes its own value).
    respectively = "respectively" in text.lower()
    merged: list[tuple[int, int, list[str]]] = []
    for span in sorted(spans):
        if merged and GROUP_AND.match(text[merged[-1][1]:span[0]]) and not respectively:
            merged[-1] = (merged[-1][0], span[1], merged[-1][2] + span[2])
        else:
            merged.append(span)
    return merged


def measures(text: str, rules: FindingRules, prior: list[tuple[int, int]] | None = None) -> list[Measure]:
    """Pair values with groups: 'respectively' zips, else nearest group after, then before.
    ``prior``: spans (relative to ``text``, before it) of systems listed in an earlier
    sentence, for a "respectively" list of values without its own systems."""
    low = text.lower()
    values = find_values(low, rules)
    groups = find_groups(text, rules)
    out = []
    systems = respective_systems(text, low, values) if "respectively" in low else None
    if systems is None and prior and "respectively" in low and not (len(groups) > 1 and len(values) == len(groups)):
        systems = prior_systems(low, values, prior)
    if systems is None and "respectively" in low and len(groups) > 1 and len(values) == len(groups):
        for (v, u, s, e), (_, _, names) in zip(values, groups):
            out.append(Measure(v, u, s, e, names, False))
        return out
    used: set[int] = set()
    for i, (v, u, s, e) in enumerate(values):
        nxt = values[i + 1][2] if i + 1 < len(values) else len(text)
        prv = values[i - 1][3] if i else 0
        after = [g for g in groups if e <= g[0] < min(nxt, e + NEAR) and g[0] not in used
                 and rules.link_after.match(low[e:g[0]]) and not rules.comparison.search(low[s:g[0]])]
        before = [g for g in groups if prv <= g[1] <= s and s - g[1] <= NEAR and g[0] not in used
                  and not rules.clause_break.search(low[g[1]:s])]
        # A group right after the value wins, unless a comma separates them and one comes before.
        direct = [g for g in after if "," not in low[e:g[0]]]
        pick = (direct or before[-1:] or after or [None])[0]
        names = []
        if pick:
            used.add(pick[0])
            names = pick[2]
        cue_at = min(s, pick[0]) if pick else s
        comparison = bool(rules.comparison.search(low[:cue_at]) and i > 0)
        out.append(Measure(v, u, s, e, names, comparison))
    if systems:  # every value of the list: its own system, the list's group, no comparison
        first, spans = systems
        run = out[first:first + len(spans)]
        shared = next((m.groups for m in run if m.groups), [])
        for m, span in zip(run, spans):
            m.system, m.comparison = span, False
            m.groups = m.groups or list(shared)
    # "fell to 6.2%, down from 34.7% in 2018", "from 34.7% to 6.2%": both values keep the group.
    for prev, m in zip(out, out[1:]):
        if prev.comparison or m.comparison or prev.system is not None or m.system is not None \
                or bool(prev.groups) == bool(m.groups):
            continue
        gap = low[prev.end:m.start]
        if DOWN_FROM.match(gap) or (FROM_TO.match(gap) and FROM_BEFORE.search(low[max(0, prev.start - 12):prev.start])):
            prev.groups, m.groups = prev.groups or list(m.groups), m.groups or list(prev.groups)
    # Groups left over after a comparison cue ("than for white faces") compare without a value.
    for g in groups:
        prev = max(((s, e) for _, _, s, e in values if e <= g[0]), key=lambda v: v[1], default=None)
        if g[0] not in used and prev is not None and rules.comparison.search(low[prev[0]:g[0]]):
            out.append(Measure(None, None, g[0], g[1], g[2], True))
    out.sort(key=lambda m: m.start)
    # "Compared with white faces, rates were 10 to 100 times higher for ...": the opening
    # group is the comparison of the values after it.
    if values:
        for g in groups:
            if g[1] <= values[0][2] and g[0] not in used and OPENING_COMPARISON.search(low[:g[0]]):
                out.append(Measure(None, None, g[0], g[1], g[2], True))
                break
    return out


def respective_systems(text: str, low: str, values: list) -> tuple[int, list[tuple[int, int]]] | None:
    """``(index of the first value, system spans)`` when the values right before a
    "for A, B and C, respectively" list are one per system, else None."""
    from ..entities.patterns import split_names

    m = SYSTEM_LIST.search(text)
    if m is None:
        return None
    names = split_names(text, *m.span("list" if m.group("list") else "plist"))
    before = [i for i, v in enumerate(values) if v[3] <= m.start()]
    if len(names) < 2 or len(before) < len(names):
        return None
    run = before[-len(names):]
    if any(not VALUE_SEP.match(low[values[a][3]:values[b][2]]) for a, b in zip(run, run[1:])):
        return None
    if m.start() - values[run[-1]][3] > 40:
        return None
    return run[0], names


def prior_systems(low: str, values: list, prior: list[tuple[int, int]]) -> tuple[int, list[tuple[int, int]]] | None:
    """``(index of the first value, system spans)`` when as many values as ``prior`` systems,
    joined as one list, stand right before "respectively" ("were 4.1%, 2.6% and 1.9%,
    respectively")."""
    n = len(prior)
    for last in range(n - 1, len(values)):
        if not RESPECTIVELY_AFTER.match(low[values[last][3]:]):
            continue
        run = list(range(last - n + 1, last + 1))
        if all(VALUE_SEP.match(low[values[a][3]:values[b][2]]) for a, b in zip(run, run[1:])) \
                and (run[0] == 0 or not VALUE_SEP.match(low[values[run[0] - 1][3]:values[run[0]][2]])):
            return run[0], list(prior)
    return None


def introduced_systems(text: str) -> list[tuple[int, list[tuple[int, int]]]]:
    """``(end char, system spans)`` of each list of systems introduced in ``text``."""
    from ..entities.patterns import split_names

    return [(m.end(), split_names(text, *m.span("list"))) for m in SYSTEM_INTRO.finditer(text)]


ENT_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)$")


def listed_entities(doc) -> list[tuple[int, list[tuple[int, int]]]]:
    """``(end char, spans)`` of each list of two or more systems (PRODUCT/VENDOR entities)
    joined by commas and "and" ("The audit covered Amazon, Microsoft and IBM.")."""
    out = []
    run: list = []
    for e in doc.ents:
        if e.label_ not in ("PRODUCT", "VENDOR"):
            if len(run) > 1:
                out.append(run)
            run = []
            continue
        if run and not ENT_SEP.match(text_of(doc)[run[-1].end_char:e.start_char]):
            if len(run) > 1:
                out.append(run)
            run = []
        run.append(e)
    if len(run) > 1:
        out.append(run)
    return [(r[-1].end_char, [(e.start_char, e.end_char) for e in r]) for r in out
            if " and " in text_of(doc)[r[-2].end_char:r[-1].start_char] or "&" in text_of(doc)[r[-2].end_char:r[-1].start_char]]
