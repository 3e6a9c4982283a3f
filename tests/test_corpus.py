"""The real-text corpus (tests/corpus): records valid, licences kept, blind split apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"frt_scripts_{name}", ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


corpus = _load("corpus")


def test_every_record_is_valid():
    bad = [(p.name, e) for p, r in corpus.load_records() for e in corpus.problems(p, r)]
    assert bad == []


def test_size_and_blind_split():
    recs = [r for _, r in corpus.load_records()]
    blind = [r for r in recs if r["split"] == "blind"]
    assert len(recs) >= 120 and len(blind) >= 40
    dev_urls = {r["url"] for r in recs if r["split"] == "dev"}
    assert not [r["id"] for r in blind if r["url"] in dev_urls]


def test_only_licensed_texts_are_committed():
    recs = {r["id"]: r for _, r in corpus.load_records()}
    for path in (corpus.TEXTS).glob("*.txt"):
        rec = recs[path.stem]
        assert rec["licence"] != "none" and rec["url"].startswith("http"), path.name
        assert corpus.sha256(corpus.read_text(path)) == rec["sha256"], path.name


def test_checker_finds_a_bad_quote(tmp_path, monkeypatch):
    path, rec = next((p, r) for p, r in corpus.load_records() if r["commitments"] and corpus.text_path(r["id"]))
    broken = dict(rec, commitments=[dict(rec["commitments"][0], quote="words that are not in the text")])
    assert any("quote" in e for e in corpus.problems(path, broken))


def test_scorer_counts_misses():
    ev = _load("eval_corpus")
    present = ev.load("dev")[0]  # committed texts at least (the cache may be empty)
    rec = next(r for r in present if r["commitments"])
    rec = dict(rec, findings=rec["findings"] or [{"value": 1.0, "system": None, "group": "x", "quote": "x"}])
    empty = {"entities": [], "commitments": [], "findings": []}
    counts = ev.score_record(rec, empty)
    assert counts["commitments"] == (0, 0, len(rec["commitments"]))
    assert counts["findings"] == (0, 0, len(rec["findings"]))
    perfect = {"entities": [], "findings": [],
               "commitments": [{"actor": c["actor"][0], "action": c["action"][0], "start": None}
                               for c in rec["commitments"]]}
    assert ev.score_record(rec, perfect)["commitments"][0] == len(rec["commitments"])


def test_put_takes_the_whole_excerpt_and_cuts_the_text_at_the_locator_offsets(tmp_path, monkeypatch):
    text = "Amazon said it would pause police use of Rekognition for one year."
    rec = {"sha256": corpus.sha256(text), "locator": {"excerpt_start": 9, "excerpt_end": 9 + len(text)}}
    excerpt = " date 2020-06-10 " [:9] + text + " More text follows here."
    assert corpus._rebuilt_text(rec, excerpt) == text
    # copied with one extra space before it: the cut near the offsets still matches
    assert corpus._rebuilt_text(rec, " " + excerpt) == text
    assert corpus._rebuilt_text(rec, text + "\n") == text
    assert corpus._rebuilt_text(rec, excerpt.replace("Amazon", "Amazin")) is None
