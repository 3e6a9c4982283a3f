"""Source alerts a watch raises from each source's crawl history: failing, silent, quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from kb.alerts import source_alerts
from kb.database import make_engine
from kb.health import health, record_crawl

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
OK_NEW = {"pages": 3, "items": 3, "new": 1, "changed": 0, "not_modified": 0, "errors": []}
OK_SAME = {"pages": 3, "items": 3, "new": 0, "changed": 0, "not_modified": 0, "errors": []}
OK_304 = {"pages": 1, "items": 0, "new": 0, "changed": 0, "not_modified": 1, "errors": []}
EMPTY = {"pages": 1, "items": 0, "new": 0, "changed": 0, "not_modified": 0, "errors": []}
FAILED = {"pages": 1, "items": 0, "errors": ["https://example.org/feed.xml: HTTP 500"]}


def _alerts(tmp_path, history: dict[str, list[tuple[int, dict, bool]]], quiet: dict[str, int]):
    """Replay crawls (days before NOW, stats, failed) per source, then ask for alerts."""
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    with Session(engine) as session:
        for source_id, crawls in history.items():
            for days_ago, stats, failed in crawls:
                record_crawl(session, source_id, stats, failed, NOW - timedelta(days=days_ago))
        session.commit()
        got = source_alerts(health(session), quiet, NOW)
    engine.dispose()
    return {uid.split(":")[1]: (kind, title, uid) for kind, uid, title, _ in got}


def test_failing_silent_and_quiet_sources_are_told_apart(tmp_path):
    got = _alerts(tmp_path, {
        "vendor_ok": [(20, OK_NEW, False), (1, OK_SAME, False)],            # last new document 20 days ago
        "vendor_fresh": [(30, OK_NEW, False), (2, OK_NEW, False)],
        "city_304": [(40, OK_NEW, False), (1, OK_304, False)],              # unchanged pages answer 304
        "broken_selector": [(40, OK_NEW, False), (30, EMPTY, False), (1, EMPTY, False)],
        "down": [(10, OK_NEW, False), (3, FAILED, True), (1, FAILED, True)],
    }, {"vendor_ok": 14, "vendor_fresh": 14, "city_304": 30, "broken_selector": 14, "down": 14})
    assert got["vendor_ok"][0] == "source_quiet" and "since 2026-02-09" in got["vendor_ok"][1]
    assert "vendor_fresh" not in got
    assert got["city_304"][0] == "source_quiet"
    assert got["broken_selector"][0] == "source_silent"  # answers, lists nothing: never "quiet"
    assert "listed nothing since 2026-01-20" in got["broken_selector"][1]
    kind, title, _ = got["down"]
    assert kind == "source_failing" and "failing since 2026-02-26" in title and "HTTP 500" in title


def test_a_failing_spell_keeps_one_alert_id_and_a_new_spell_gets_another(tmp_path):
    spell = [(10, FAILED, True), (5, FAILED, True)]
    first = _alerts(tmp_path / "a", {"s": spell}, {"s": 14})
    again = _alerts(tmp_path / "b", {"s": spell + [(2, FAILED, True)]}, {"s": 14})
    assert first["s"] == again["s"]
    recovered = _alerts(tmp_path / "c", {"s": spell + [(3, OK_NEW, False), (1, FAILED, True)]}, {"s": 14})
    assert recovered["s"][2] != first["s"][2]
