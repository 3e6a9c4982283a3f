"""The briefing from a fixture KB: summary, statuses, ratios, footnotes that resolve to stored
documents, filters, escaping and byte-identical output."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from kb.database import session_scope
from kb.models import Document, DocumentVersion
from reports.write import write_briefing
from tests.reports.kb_fixture import AS_OF, HOSTILE_TITLE, external_resources

DAY = date.fromisoformat(AS_OF)


def _section(md: str, heading: str) -> str:
    return md.split(heading, 1)[1].split("\n## ", 1)[0]


def test_every_source_resolves_to_a_stored_document_and_quote(kb, tmp_path):
    write_briefing(kb, tmp_path, DAY)
    md = (tmp_path / "briefing.md").read_text()
    sources = re.findall(r"^(\d+)\. \"(.*)\" \[.*\]\((\S+)\), fetched (\S+)$", _section(md, "## Sources"), re.M)
    assert [int(n) for n, *_ in sources] == list(range(1, len(sources) + 1))
    with session_scope(kb) as s:
        texts = {d.url: v.text for d, v in s.exec(select(Document, DocumentVersion).join(
            DocumentVersion, DocumentVersion.id == Document.current_version_id))}
    assert len(sources) == 10  # 5 commitments, 2 bills' records, 3 findings
    for _, quote, url, fetched in sources:
        assert url in texts, url
        assert fetched == "2025-12-01"
        plain = quote.replace("\\", "").replace("&lt;", "<").replace("&gt;", ">")
        assert plain in texts[url] or plain in ("FINALLY PASSED",
                                                "Approved by the Governor. Chaptered by Secretary of State.")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", md.split("## Sources")[0])}
    assert cited == set(range(1, len(sources) + 1)), "every source is cited and every citation listed"


def test_summary_statuses_and_sections(kb, tmp_path):
    write_briefing(kb, tmp_path, DAY)
    md = (tmp_path / "briefing.md").read_text()
    assert md.index("## Executive summary") < md.index("## Measures by jurisdiction") \
        < md.index("## Vendor commitments by status") < md.index("## Key findings") < md.index("## Sources")
    in_force = _section(md, "### In force now")
    assert "San Francisco: ban (government): in force since 2019-05-21" in in_force
    assert "IBM: exit: active" in in_force and "Amazon: extension (police): active" in in_force
    assert "California" not in in_force  # AB 1215 lapsed on 2023-01-01
    california = _section(md, "### California").split("\n### ")[0]
    assert "**expired**" in california and "Bill **AB 1215**" in california
    assert "#### Amazon: moratorium (police)\n\n- Status: **extended**" in md
    sf = md.split("#### San Francisco: ban (government)")[1].split("###")[0]
    assert "- Status: **in force**; 2019-05-21 to open-ended" in sf
    assert "- Law: File No. 190110 (latest action: FINALLY PASSED)" in sf
    assert "- \"Bans city departments from using face recognition.\" [1]" in sf
    extended = md.split("### Extended (1)")[1].split("\n### ")[0].split("\n## ")[0]
    assert "Amazon: moratorium" in extended and "IBM" not in extended


def test_changed_since_and_expiring_soon(kb, tmp_path):
    write_briefing(kb, tmp_path, date(2022, 12, 1))
    md = (tmp_path / "briefing.md").read_text()
    expiring = _section(md, "### Expiring soon").split("\n## ")[0]
    assert "California: moratorium (law enforcement): ends 2023-01-01 (in force)" in expiring
    assert "San Francisco" not in expiring and "IBM" not in expiring
    write_briefing(kb, tmp_path, date(2021, 6, 1), since=date(2021, 5, 1))
    md = (tmp_path / "briefing.md").read_text()
    changed = _section(md, "### Changed since 2021-05-01").split("\n### ")[0]
    assert "Amazon: extension (police): reported 2021-05-18; started 2021-05-18 (active)" in changed
    assert "Amazon: moratorium (police)" not in changed and "IBM" not in changed


def test_key_findings_carry_their_ratios(kb, tmp_path):
    write_briefing(kb, tmp_path, DAY)
    md = (tmp_path / "briefing.md").read_text()
    findings = _section(md, "## Key findings")
    rows = [line for line in findings.splitlines() if line.startswith("| ") and "Gender" in line]
    assert rows and rows[0].startswith("| **43x** (34.7 / 0.8) | Gender Shades |")
    assert "none: the comparison is 0" in findings and "none: no comparison value" in findings
    html = (tmp_path / "briefing.html").read_text()
    assert '<span class="ratio">43x</span>' in html


@pytest.mark.parametrize("kwargs,present,absent", [
    ({"jurisdiction": "california"}, ["AB 1215"], ["File No. 190110", "IBM", "Gender Shades"]),
    ({"actor": "amazon"}, ["Amazon: moratorium", "Actionable Auditing"], ["IBM", "San Francisco", "Gender Shades"]),
    ({"since": date(2021, 1, 1), "until": date(2021, 12, 31)}, ["Amazon: extension"],
     ["San Francisco: ban", "IBM: exit"]),
])
def test_filters_narrow_the_briefing(kb, tmp_path, kwargs, present, absent):
    write_briefing(kb, tmp_path / "all", DAY)
    write_briefing(kb, tmp_path / "some", DAY, **kwargs)
    everything = (tmp_path / "all" / "briefing.md").read_text()
    md = (tmp_path / "some" / "briefing.md").read_text()
    for text in present:
        assert text in md, text
    for text in absent:
        assert text in everything and text not in md, text


def test_hostile_title_is_escaped_in_markdown_html_and_docx(kb, tmp_path):
    write_briefing(kb, tmp_path, DAY, docx=True)
    md, html = (tmp_path / "briefing.md").read_text(), (tmp_path / "briefing.html").read_text()
    assert "<script>" not in md and "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender Shades {{ as\\_of }}" in md  # Markdown-escaped _
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender Shades {{ as_of }}" in html
    with zipfile.ZipFile(tmp_path / "briefing.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    from docx import Document as Docx

    paragraphs = [p.text for p in Docx(str(tmp_path / "briefing.docx")).paragraphs]
    assert any(HOSTILE_TITLE in p for p in paragraphs)


def test_same_kb_and_as_of_give_the_same_bytes(kb, tmp_path):
    first = write_briefing(kb, tmp_path / "a", DAY, docx=True)
    second = write_briefing(kb, tmp_path / "b", DAY, docx=True)
    assert [p.name for p in first] == ["briefing.md", "briefing.html", "briefing.docx"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    with zipfile.ZipFile(first[2]) as z:  # not the clock: every entry is dated the as-of day
        assert {i.date_time[:3] for i in z.infolist()} == {(2026, 1, 1)}
        assert "2026-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    other = write_briefing(kb, tmp_path / "c", date(2020, 7, 1))
    assert other[0].read_bytes() != first[0].read_bytes()


def test_since_after_until_is_an_error(kb, tmp_path):
    from kb.errors import KBError

    with pytest.raises(KBError, match="--since 2022-01-01 is after --until 2021-01-01"):
        write_briefing(kb, tmp_path, DAY, since=date(2022, 1, 1), until=date(2021, 1, 1))


def test_html_is_self_contained_and_prints(kb, tmp_path):
    write_briefing(kb, tmp_path, DAY)
    html = (tmp_path / "briefing.html").read_text()
    assert external_resources(html) == [] and "<script" not in html
    assert "@media print" in html and "@page" in html
    # a footnote mark jumps to its numbered source
    assert '<sup><a href="#s1">[1]</a></sup>' in html and '<li id="s1">' in html


def test_docx_sources_are_clickable_links_to_the_documents(kb, tmp_path):
    from docx import Document as Docx

    write_briefing(kb, tmp_path, DAY, docx=True)
    doc = Docx(str(tmp_path / "briefing.docx"))
    targets = {rel.target_ref for rel in doc.part.rels.values() if rel.is_external}
    md = (tmp_path / "briefing.md").read_text()
    assert targets == set(re.findall(r"\]\((http://127\.0\.0\.1/\S+)\), fetched", md))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Executive summary", "In force now", "Changed since 2025-10-03"]
    assert "Sources" in headings and "Amazon: moratorium (police)" in headings


def test_max_items_caps_every_list_and_counts_what_it_leaves_out(kb, tmp_path):
    """On a large KB a briefing shows the newest entries of each list (the largest disparities
    for findings), says how many more there are, and still numbers every source it cites."""
    write_briefing(kb, tmp_path / "all", DAY, max_items=0)
    write_briefing(kb, tmp_path / "one", DAY, max_items=1, docx=True)
    full = (tmp_path / "all" / "briefing.md").read_text()
    one = (tmp_path / "one" / "briefing.md").read_text()
    def in_force(md):
        return [ln for ln in _section(md, "### In force now").split("\n### ")[0].splitlines() if ln.startswith("- ")]

    in_force_full, in_force_one = in_force(full), in_force(one)
    assert not [ln for ln in in_force_full if "more" in ln]
    assert len(in_force_full) >= 3 and len(in_force_one) == 2  # one fact and the "... more" line
    assert f"- ... and {len(in_force_full) - 1} more facts in force ({len(in_force_full)} in all" in one
    findings_full = _section(full, "## Key findings").count("\n| ") - 1  # minus the header row
    assert findings_full >= 2 and _section(one, "## Key findings").count("\n| ") - 1 == 1
    assert f"... and {findings_full - 1} more findings (the largest disparities are shown)" in one
    assert "more jurisdictions with" in _section(one, "## Measures by jurisdiction")
    # the kept finding is the largest disparity: the first row of the full table
    def first_row(md):
        return [ln for ln in _section(md, "## Key findings").splitlines() if ln.startswith("| ")][1].split("|")[1:4]

    assert first_row(one) == first_row(full)
    sources = re.findall(r"^(\d+)\. ", _section(one, "## Sources"), re.M)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", one.split("## Sources")[0])}
    assert cited == set(range(1, len(sources) + 1)) and len(sources) < len(
        re.findall(r"^(\d+)\. ", _section(full, "## Sources"), re.M))
    html = (tmp_path / "one" / "briefing.html").read_text()
    assert "more findings (the largest disparities are shown)" in html
    with zipfile.ZipFile(tmp_path / "one" / "briefing.docx") as z:
        assert "more findings (the largest disparities are shown)" in z.read("word/document.xml").decode()
