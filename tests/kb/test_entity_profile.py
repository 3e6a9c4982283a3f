"""`frt entity` / `frt entities`: an entity's profile from a fixture KB built with the fake
extractor (commitments, a finding about its product, a bill that mentions it)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from typer.testing import CliRunner

from cli import app
from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import make_engine, session_scope
from kb.extract import extract_all
from kb.profile import EntityNotFound, find_entity, list_entities, profile
from tests.kb.fake_extractor import FakeExtractor, commitment, entity

runner = CliRunner()
NEWS = SourceDef(id="news", name="News", kind="vendor", spider="feed", start_urls=["http://127.0.0.1/feed"])
PAPERS = SourceDef(id="papers", name="Papers", kind="research", spider="feed",
                   start_urls=["http://127.0.0.1/papers"])
BILLS = SourceDef(id="bills", name="Bills", kind="legislature", spider="json_api",
                  api_base="http://127.0.0.1/bills")
MORATORIUM = "Amazon Web Services announced a one-year moratorium on police use of Rekognition."
AUDIT = "Actionable Auditing found an error rate of 31.4% for darker-skinned women in Rekognition."
BILL = "No city department may acquire Amazon Rekognition or any face surveillance technology."
CLEARVIEW = "Clearview AI settled with the ACLU in Illinois."
EVIL = "<script>alert(1)</script> [bold]Acme[/bold]"
EVIL_TEXT = f"{EVIL} sells cameras."


def _finding(text):
    quote = text
    return {"study": "Actionable Auditing", "system": "Rekognition", "vendor": None, "metric": "error_rate",
            "value": 31.4, "unit": "%", "group": "darker-skinned women", "comparison_group": None,
            "comparison_value": None, "dataset": None, "quote": quote, "start_char": 0,
            "end_char": len(quote)}


RESULTS = {
    "one-year": lambda t: {
        "entities": [entity(t, "Amazon Web Services", "VENDOR", "Amazon"), entity(t, "Rekognition", "PRODUCT")],
        "commitments": [commitment("Amazon", "moratorium", t, t, start="2020-06-10", end="2021-06-10",
                                   duration="one-year", product="Rekognition")]},
    "Actionable": lambda t: {
        "entities": [entity(t, "Actionable Auditing", "STUDY"), entity(t, "Rekognition", "PRODUCT")],
        "findings": [_finding(t)]},
    "acquire": lambda t: {"entities": [entity(t, "Amazon", "VENDOR"), entity(t, "Rekognition", "PRODUCT")]},
    "ACLU": lambda t: {"entities": [entity(t, "Clearview AI", "VENDOR"), entity(t, "ACLU", "AGENCY")]},
    "cameras": lambda t: {"entities": [entity(t, EVIL, "VENDOR")]},
}


def _put(engine, source, url, text, published, title=None, **extra):
    with session_scope(engine) as s:
        store.upsert_source(s, source)
        store.store_document(s, DocumentItem(source_id=source.id, url=url, text=text, title=title,
                                             published=datetime(*published, tzinfo=timezone.utc), **extra))


def _build(engine):
    _put(engine, NEWS, "http://127.0.0.1/aws", MORATORIUM, (2020, 6, 10), "AWS moratorium")
    _put(engine, PAPERS, "http://127.0.0.1/audit", AUDIT, (2019, 1, 24), "Actionable Auditing")
    _put(engine, BILLS, "http://127.0.0.1/bills/1", BILL, (2019, 5, 14), "Stop Secret Surveillance",
         kind="bill", metadata={"identifier": "File No. 190110", "jurisdiction": "San Francisco",
                                "latest_action": "FINALLY PASSED", "latest_action_date": "2019-05-21"})
    _put(engine, NEWS, "http://127.0.0.1/clearview", CLEARVIEW, (2022, 5, 9), "Clearview settles")
    _put(engine, NEWS, "http://127.0.0.1/evil", EVIL_TEXT, (2021, 1, 1), "<script>x</script>")
    extract_all(engine, FakeExtractor(RESULTS))
    return engine


@pytest.fixture
def kb(engine):
    return _build(engine)


def test_vendor_profile_has_commitment_with_status_finding_law_and_documents(kb):
    with session_scope(kb) as s:
        p = profile(s, "amazon web services", as_of=date(2020, 12, 1))  # an alias
    assert (p["name"], p["type"]) == ("Amazon", "VENDOR")
    assert "amazon web services" in p["aliases"] and "Rekognition" in p["products"]
    [c] = p["commitments"]
    assert (c["action"], c["status"], c["role"], c["url"]) == ("moratorium", "active", "actor",
                                                               "http://127.0.0.1/aws")
    [f] = p["findings"]
    assert (f["study"], f["value"], f["role"]) == ("Actionable Auditing", 31.4, "about its product")
    assert [(law["identifier"], law["why"]) for law in p["laws"]] == [("File No. 190110", "mentions it")]
    assert [d["url"] for d in p["documents"]] == ["http://127.0.0.1/aws", "http://127.0.0.1/bills/1"]
    assert any(n["relation"] == "made_by" and n["entity"] == "Rekognition" for n in p["neighbours"])
    with session_scope(kb) as s:
        later = profile(s, "Amazon", as_of=date(2021, 7, 1))
    assert later["commitments"][0]["status"] == "expired"


def test_structure_comes_from_typed_edges(kb):
    from kb.models import Edge, Entity

    with session_scope(kb) as s:
        amazon = find_entity(s, "Amazon")
        people = [Entity(name="Andy Jassy", type="PERSON"), Entity(name="Ring LLC", type="VENDOR")]
        s.add_all(people)
        s.flush()
        s.add_all([Edge(src_id=people[0].id, dst_id=amazon.id, type="works_for:chief executive",
                        evidence="Amazon's chief executive Andy Jassy"),
                   Edge(src_id=people[1].id, dst_id=amazon.id, type="subsidiary_of", evidence="Ring, an Amazon company")])
    with session_scope(kb) as s:
        p = profile(s, "Amazon")
        ring = profile(s, "ring llc")
    assert p["people"] == ["Andy Jassy (chief executive)"] and p["subsidiaries"] == ["Ring LLC"]
    assert ring["parent"] == ["Amazon"]
    assert {(n["relation"], n["qualifier"], n["entity"]) for n in p["neighbours"]} >= {
        ("works_for", "chief executive", "Andy Jassy"), ("subsidiary_of", None, "Ring LLC")}


def test_product_profile_names_its_maker_and_findings(kb):
    with session_scope(kb) as s:
        p = profile(s, "REKOGNITION")
    assert p["maker"] == ["Amazon"] and p["findings"][0]["role"] == "about it"
    assert p["commitments"][0]["role"] == "about it"


def test_misspelt_name_suggests_the_closest(kb):
    with session_scope(kb) as s:
        with pytest.raises(EntityNotFound, match=r"no entity 'Clearveiw'; did you mean: Clearview AI"):
            find_entity(s, "Clearveiw")
        with pytest.raises(EntityNotFound, match="no entity 'zzqx' in the knowledge base"):
            find_entity(s, "zzqx")


def test_entities_lists_mentions_and_facts(kb):
    with session_scope(kb) as s:
        vendors = {r["name"]: r for r in list_entities(s, type_="vendor")}
        fuzzy = [r["name"] for r in list_entities(s, "Clearveiw")]
        rek = list_entities(s, "rekog")
    assert vendors["Amazon"]["mentions"] == 2 and vendors["Amazon"]["facts"] == 1
    assert "Rekognition" not in vendors and vendors["Clearview AI"]["facts"] == 0
    assert fuzzy[0] == "Clearview AI"
    assert [(r["name"], r["type"], r["facts"]) for r in rek] == [("Rekognition", "PRODUCT", 2)]  # pause, audit


def _run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_cli_profile_table_and_json(kb, sqlite_url):
    table = _run("entity", "Amazon", "--db", sqlite_url, "--as-of", "2020-12-01")
    assert table.exit_code == 0, table.output
    out = table.stdout
    assert "Amazon" in out and "VENDOR" in out and "moratorium" in out and "active" in out
    assert "Actionable Auditing" in out and "31.4" in out and "File No. 190110" in out
    data = json.loads(_run("entity", "amazon", "--db", sqlite_url, "--format", "json").stdout)
    assert data["commitments"][0]["reports"][0]["quote"] == MORATORIUM
    listing = json.loads(_run("entities", "--type", "VENDOR", "--db", sqlite_url, "-f", "json").stdout)
    assert listing[0]["name"] == "Amazon"
    csv_out = _run("entities", "--db", sqlite_url, "-f", "csv").stdout
    assert csv_out.splitlines()[0] == "name,type,mentions,facts,aliases"


def test_cli_misspelt_name_is_one_line_with_suggestion(kb, sqlite_url):
    result = _run("entity", "Clearveiw", "--db", sqlite_url)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["error: no entity 'Clearveiw'; did you mean: Clearview AI?"]
    bad_type = _run("entities", "--type", "BANK", "--db", sqlite_url)
    assert bad_type.exit_code == 1 and "unknown entity type 'BANK'" in bad_type.stderr


def test_cli_prints_names_with_markup_literally(kb, sqlite_url):
    result = _run("entity", EVIL, "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    assert EVIL in result.stdout and "<script>x</script>" in result.stdout
    listing = _run("entities", "acme", "--db", sqlite_url)
    assert EVIL in listing.stdout
    missing = _run("entity", "[bold]Nobody[/bold] <script>", "--db", sqlite_url)
    assert missing.exit_code == 1 and "'[bold]Nobody[/bold] <script>'" in missing.stderr


@pytest.mark.postgres
def test_profile_on_postgres(pg_url):
    eng = _build(make_engine(pg_url))
    try:
        test_vendor_profile_has_commitment_with_status_finding_law_and_documents(eng)
        test_entities_lists_mentions_and_facts(eng)
        test_misspelt_name_suggests_the_closest(eng)
    finally:
        eng.dispose()


def test_laws_list_keeps_the_newest_and_counts_them_all(kb):
    """A busy entity's profile lists its newest laws (in date order) and says how many there are."""
    _put(kb, BILLS, "http://127.0.0.1/bills/2", "An ordinance on Amazon Rekognition in city parks.",
         (2021, 3, 2), "Parks cameras", kind="bill",
         metadata={"identifier": "File No. 210077", "jurisdiction": "San Francisco"})
    extract_all(kb, FakeExtractor({**RESULTS, "parks": RESULTS["acquire"]}))
    with session_scope(kb) as s:
        both = profile(s, "Amazon", as_of=date(2021, 7, 1))
        newest = profile(s, "Amazon", as_of=date(2021, 7, 1), laws_shown=1)
    assert [law["identifier"] for law in both["laws"]] == ["File No. 190110", "File No. 210077"]
    assert both["n_laws"] == newest["n_laws"] == 2
    assert [law["identifier"] for law in newest["laws"]] == ["File No. 210077"]
