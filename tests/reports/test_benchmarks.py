"""The benchmark-linked report from a fixture KB: findings next to commitments, ratios, gaps,
filters and escaping."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kb.database import session_scope
from kb.errors import KBError
from reports import facts
from reports.benchmarks import benchmarks_context
from reports.render import render
from reports.write import write_benchmarks
from tests.reports.kb_fixture import AS_OF, external_resources

DAY = date.fromisoformat(AS_OF)


def _vendor(md: str, name: str) -> str:
    return md.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


def test_findings_sit_next_to_the_vendors_commitments(kb, tmp_path):
    write_benchmarks(kb, tmp_path, DAY)
    md = (tmp_path / "benchmarks.md").read_text()
    amazon = _vendor(md, "Amazon")
    assert "#### Rekognition" in amazon  # the finding names the product, its commitments the vendor
    assert re.search(r"\| Actionable Auditing \| 2019 \| misclassification \| 31\.37% \| darker-skinned women \| "
                     r"lighter-skinned men: 0\.0% \| none: the comparison is 0 \|", amazon)
    commitments = amazon.split("### Commitments over time")[1]
    assert commitments.index("2020-06-10: moratorium") < commitments.index("2021-05-18: extension")
    assert "status **extended**" in commitments and "status **active**" in commitments
    html = (tmp_path / "benchmarks.html").read_text()
    assert '<span class="status s-extended">extended</span>' in html


def test_gender_shades_ratio_and_how_it_is_computed(kb, tmp_path):
    write_benchmarks(kb, tmp_path, DAY)
    md = (tmp_path / "benchmarks.md").read_text()
    row = next(line for line in md.splitlines() if line.startswith("| Gender Shades"))
    assert "| darker-skinned females | lighter-skinned males: 0.8% | **43x** (34.7 / 0.8) | Pilot Parliaments" in row
    assert "ratio = the group's error rate / the comparison group's" in md
    assert "| older people | adults | none: no comparison value |" in md


def test_vendor_with_commitments_but_no_audit_is_listed(kb, tmp_path):
    write_benchmarks(kb, tmp_path, DAY)
    md = (tmp_path / "benchmarks.md").read_text()
    gaps = md.split("## Gaps")[1].split("\n## ")[0]
    assert "- Commitments but no independent audit in the knowledge base: IBM\n" in gaps
    assert "**No independent audit in the knowledge base**: IBM has commitments" in _vendor(md, "IBM")
    assert "No independent audit" not in _vendor(md, "Amazon")
    html = (tmp_path / "benchmarks.html").read_text()
    assert '<p class="gap"><strong>No independent audit in the knowledge base</strong>: IBM' in html


def test_newer_findings_and_commitments_that_expired_while_findings_stood(kb):
    with session_scope(kb) as s:
        kb_facts = facts.load(s, DAY)
    # IBM's exit (2020-06-08) predates a finding about its system first reported in 2022
    ibm = {"id": 99, "study": "Later Audit", "system": "IBM Face", "vendor": "IBM", "metric": "error_rate",
           "value": 20.0, "unit": "%", "group": "women", "comparison_group": "men", "comparison_value": 2.0,
           "source_kind": "research", "vendor_name": "IBM", "published": "2022-03-01", "url": "http://127.0.0.1/x",
           "dataset": None, "quote": "20% for women", "id": 99,
           "reports": [{"published": "2022-03-01", "url": "http://127.0.0.1/x", "title": "Later", "quote": "20%",
                        "fetched_at": "2025-12-01T09:30:00"}]}
    kb_facts.findings.append(ibm)
    for c in kb_facts.commitments:  # as if Amazon's moratorium had lapsed without an extension
        if c["action"] == "moratorium" and c["actor"] == "Amazon":
            c["status"] = "expired"
    ctx = benchmarks_context(kb_facts)
    by_name = {v["name"]: v for v in ctx["vendors"]}
    assert [f["study"] for f in by_name["IBM"]["newer_findings"]] == ["Later Audit"]
    assert [c["action"] for c in by_name["Amazon"]["expired_while_standing"]] == ["moratorium"]
    assert ctx["gaps"]["newer_findings"] == ["IBM"] and ctx["gaps"]["expired_while_standing"] == ["Amazon"]
    assert ctx["gaps"]["no_audit"] == []
    md = render("benchmarks.v1.md.j2", **ctx)
    assert "- Findings newer than the vendor's latest commitment: IBM\n" in md
    assert "- Commitments that expired while findings stood: Amazon\n" in md
    assert "status **expired**; expired while findings stood." in md
    assert "Newer than IBM's latest commitment (2020-06-08): Later Audit 20.0% women (2022-03-01)." in md


@pytest.mark.parametrize("kwargs,present,absent", [
    ({"vendor": "amazon"}, ["## Amazon", "Actionable Auditing"], ["## IBM", "Gender Shades"]),
    ({"product": "rekognition"}, ["## Amazon", "#### Rekognition"], ["## IBM", "Gender Shades", "Ageing Study"]),
])
def test_filters_narrow_the_report(kb, tmp_path, kwargs, present, absent):
    write_benchmarks(kb, tmp_path / "all", DAY)
    write_benchmarks(kb, tmp_path / "some", DAY, **kwargs)
    everything = (tmp_path / "all" / "benchmarks.md").read_text()
    md = (tmp_path / "some" / "benchmarks.md").read_text()
    for text in present:
        assert text in md, text
    for text in absent:
        assert text in everything and text not in md, text


def test_unknown_vendor_names_the_known_ones(kb, tmp_path):
    with pytest.raises(KBError, match="no vendor matches 'Clearview'; vendors in the knowledge base: Amazon, IBM"):
        write_benchmarks(kb, tmp_path, DAY, vendor="Clearview")


def test_hostile_title_is_escaped(kb, tmp_path):
    write_benchmarks(kb, tmp_path, DAY)
    html = (tmp_path / "benchmarks.html").read_text()
    md = (tmp_path / "benchmarks.md").read_text()
    assert "<script>" not in html and "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender Shades {{ as_of }}" in html  # the link's text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gender..." in md  # truncated in the table
    assert external_resources(html) == [] and "<script" not in html, "self-contained"


def test_a_product_named_in_commitments_without_an_audit_is_a_gap(kb):
    with session_scope(kb) as s:
        kb_facts = facts.load(s, DAY)
    amazon = next(c for c in kb_facts.commitments if c["actor"] == "Amazon")
    kb_facts.commitments.append({**amazon, "id": 98, "product": "Amazon One", "reports": amazon["reports"]})
    ctx = benchmarks_context(kb_facts)
    by_name = {v["name"]: v for v in ctx["vendors"]}
    assert by_name["Amazon"]["products_without_audit"] == ["Amazon One"]  # Rekognition was audited
    assert ctx["gaps"]["products_without_audit"] == ["Amazon: Amazon One"]
    md = render("benchmarks.v1.md.j2", **ctx)
    assert "**No independent audit of Amazon One**, though Amazon's commitments name it." in md
