"""`frt report` and `frt timeline` on a fixture KB: files written where asked, filters,
one-line errors, the terminal view by year, JSON/CSV unchanged."""

from __future__ import annotations

import json

from tests.reports.kb_fixture import AS_OF


def test_each_subcommand_writes_its_files_into_out(frt, tmp_path):
    for name in ("briefing", "benchmarks", "timeline"):
        out = tmp_path / name
        result = frt("report", name, "--out", str(out), "--as-of", AS_OF)
        assert sorted(p.name for p in out.iterdir()) == [f"{name}.html", f"{name}.md"]
        assert f"wrote {out / f'{name}.html'}" in result.output
    frt("report", "briefing", "--docx", "--out", str(tmp_path / "docx"), "--as-of", AS_OF)
    assert (tmp_path / "docx" / "briefing.docx").stat().st_size > 5000


def test_report_without_subcommand_writes_all_three(frt, tmp_path):
    frt("report", "--out", str(tmp_path / "all"), "--as-of", AS_OF)
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "benchmarks.html", "benchmarks.md", "briefing.html", "briefing.md", "timeline.html", "timeline.md"]
    assert "**43x**" in (tmp_path / "all" / "benchmarks.md").read_text()


def test_filters_reach_the_files(frt, tmp_path):
    frt("report", "briefing", "--actor", "IBM", "--out", str(tmp_path / "b"), "--as-of", AS_OF)
    frt("report", "benchmarks", "--product", "Rekognition", "--out", str(tmp_path / "m"), "--as-of", AS_OF)
    frt("report", "timeline", "--jurisdiction", "San Francisco", "--out", str(tmp_path / "t"), "--as-of", AS_OF)
    briefing = (tmp_path / "b" / "briefing.md").read_text()
    assert "IBM: exit" in briefing and "Amazon" not in briefing
    assert "## IBM" not in (tmp_path / "m" / "benchmarks.md").read_text()
    timeline = (tmp_path / "t" / "timeline.md").read_text()
    assert "File No. 190110" in timeline and "Amazon" not in timeline


def test_bad_input_is_one_line_and_exit_1(frt, tmp_path):
    for args, message in ((("report", "briefing", "--since", "2021-13-01"), "--since must be YYYY-MM-DD"),
                          (("report", "benchmarks", "--vendor", "Nobody"), "no vendor matches 'Nobody'"),
                          (("report", "briefing", "--since", "2022-01-01", "--until", "2021-01-01"),
                           "is after --until"),
                          (("timeline", "--as-of", "soon"), "--as-of must be YYYY-MM-DD")):
        result = frt(*args, "--out", str(tmp_path), code=1) if args[0] == "report" else frt(*args, code=1)
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_terminal_timeline_is_grouped_by_year_and_json_keeps_its_shape(frt):
    table = frt("timeline", "--as-of", AS_OF).output
    assert table.index("2018") < table.index("2019") < table.index("2020") < table.index("2021")
    assert "Amazon: moratorium (police)" in table
    every = json.loads(frt("timeline", "--as-of", AS_OF, "--format", "json").output)
    amazon = json.loads(frt("timeline", "--as-of", AS_OF, "--actor", "Amazon", "--format", "json").output)
    assert 0 < len(amazon) < len(every) and all(e in every for e in amazon)
    assert {tuple(sorted(e)) for e in amazon} <= {tuple(sorted(e)) for e in every}
    assert all("Amazon" in e["summary"] or "Auditing" in e["summary"] for e in amazon)
    csv = frt("timeline", "--as-of", AS_OF, "--format", "csv", "--product", "Rekognition").output
    assert csv.splitlines()[0] == "date,kind,summary,status,url" and "IBM" not in csv
