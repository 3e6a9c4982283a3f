"""The visual timeline (inline SVG) and its filters, from a fixture KB."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from kb.database import session_scope
from reports import facts
from reports.selection import Selection
from reports.svg_timeline import layout
from reports.write import write_timeline
from tests.reports.kb_fixture import AS_OF, external_resources

DAY = date.fromisoformat(AS_OF)
SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg .*?</svg>", html, re.S).group(0))


def _rows(svg: ET.Element) -> dict[str, ET.Element]:
    """Row label -> the <a> holding that row's shape (bar, diamonds or dot)."""
    links = svg.findall(f"{SVG}a")
    out = {}
    for i, a in enumerate(links):
        text = a.find(f"{SVG}text")
        if text is not None:
            out[text.text] = links[i + 1]
    return out


def test_spans_marks_links_and_legend(kb, tmp_path):
    write_timeline(kb, tmp_path, DAY)
    svg = _svg((tmp_path / "timeline.html").read_text())
    rows = _rows(svg)
    amazon = rows["Amazon: moratorium (police)"]
    assert amazon.get("href") == "http://127.0.0.1/amazon-moratorium"
    assert amazon.find(f"{SVG}rect").get("class") == "s-extended"
    ibm = rows["IBM: exit"].find(f"{SVG}rect")
    assert ibm.get("class") == "s-active open"  # open-ended: drawn to the as-of day, paler
    asof = svg.find(f"{SVG}line[@class='asof']")
    assert float(ibm.get("x")) + float(ibm.get("width")) == float(asof.get("x1"))
    assert rows["California: moratorium (law enforcement)"].find(f"{SVG}rect").get("class") == "s-expired"
    assert rows["Bill San Francisco File No. 190110"].find(f"{SVG}path").get("class") == "law"
    assert rows["Gender Shades: error rate 34.7%"].find(f"{SVG}circle") is not None
    legend = [t.text for t in svg.find(f"{SVG}g").findall(f"{SVG}text")]
    assert legend[:4] == ["active", "expired", "extended", "in force"] and "finding" in legend
    for a in svg.iter(f"{SVG}a"):
        assert a.get("href", "").startswith("http://127.0.0.1/")


def test_a_later_end_draws_a_longer_bar():
    c = {"id": 1, "actor": "A", "action": "ban", "scope": None, "status": "active", "url": "u", "end": None,
         "start": "2020-01-01", "announced": None}
    t = layout([c, {**c, "id": 2, "start": "2020", "end": "2021-12-31", "status": "expired"}], [], [], DAY)
    bar, short = sorted(t["rows"], key=lambda r: r["status"])  # active, expired
    assert (bar["x2"], bar["open"]) == (t["as_of_x"], True)
    assert short["x1"] == bar["x1"] and short["x2"] < bar["x2"]  # "2020" starts on 1 January
    assert [tick["year"] for tick in t["ticks"]] == list(range(2020, 2028))


def test_hostile_title_is_escaped_in_the_svg_and_the_list(kb, tmp_path):
    write_timeline(kb, tmp_path, DAY)
    html = (tmp_path / "timeline.html").read_text()
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert "<script" not in html and "<script" not in (tmp_path / "timeline.md").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender Shades {{ as_of }}" in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender Shades {{ as_of }}" in html.split("</svg>")[1]
    assert external_resources(html) == [] and "<script" not in html, "self-contained"


def test_filters_narrow_spans_marks_and_events(kb, tmp_path):
    write_timeline(kb, tmp_path / "amazon", DAY, Selection(actor="amazon"))
    write_timeline(kb, tmp_path / "ca", DAY, Selection(jurisdiction="California"))
    write_timeline(kb, tmp_path / "rek", DAY, Selection(product="Rekognition"))
    amazon = _rows(_svg((tmp_path / "amazon" / "timeline.html").read_text()))
    assert set(amazon) == {"Amazon: moratorium (police)", "Amazon: extension (police)",
                           "Actionable Auditing: misclassification 31.37%"}
    ca = _rows(_svg((tmp_path / "ca" / "timeline.html").read_text()))
    assert set(ca) == {"California: moratorium (law enforcement)", "Bill California AB 1215"}
    rek = (tmp_path / "rek" / "timeline.md").read_text()
    assert "Amazon: moratorium" in rek and "IBM" not in rek and "AB 1215" not in rek


def test_selection_keeps_timeline_events_unchanged(kb):
    from kb import timeline

    with session_scope(kb) as s:
        events = timeline.events(s, DAY)
        kb_facts = facts.load(s, DAY)
    kept = Selection(actor="IBM").events(events, kb_facts)
    assert [e["summary"] for e in kept] == ["IBM: exit"]
    assert kept[0] is next(e for e in events if e["summary"] == "IBM: exit")
    assert Selection().events(events, kb_facts) == events
