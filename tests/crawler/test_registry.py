"""Every shipped source definition validates and its spider yields start requests; bad
YAML is rejected with a message naming the file and the field."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.http import Request

from crawler.registry import SOURCES_DIR, SourceError, load_source, load_sources
from crawler.spiders import SPIDERS

SHIPPED = sorted(SOURCES_DIR.glob("**/*.yml"))
REQUIRED = {"arxiv_face_recognition_bias", "federal_register", "congress_bills",
            "openstates_bills_ca", "legistar_sfgov"}


def _start_requests(source) -> list:
    spider = SPIDERS[source.spider](source=source)

    async def collect():
        return [r async for r in spider.start()]
    return asyncio.run(collect())


def test_required_sources_and_enough_to_watch_are_shipped():
    sources = load_sources()
    assert REQUIRED <= set(sources)
    assert sum(1 for s in sources.values() if s.kind == "vendor") >= 12
    legistar = {(s.api_base or "").split("/v1/")[-1].split("/")[0] for s in sources.values()
                if "webapi.legistar.com" in (s.api_base or "")}
    assert len(legistar) >= 10  # distinct Legistar clients (cities and counties)
    [states] = [s for s in sources.values() if s.fan_out and "openstates" in (s.api_base or "")]
    assert len(states.fan_out.values) >= 50  # every state through one source
    hosts = {h for s in sources.values() for h in ([s.api_base] if s.api_base else s.start_urls)}
    for needle in ("edpb.europa.eu", "ico.org.uk", "cnil.fr", "ftc.gov", "gao.gov", "nist.gov",
                   "federalregister.gov", "congress.gov", "arxiv.org", "openalex.org", "crossref.org"):
        assert any(needle in h for h in hosts), needle


def test_sources_check_validates_every_shipped_source():
    from typer.testing import CliRunner

    from cli import app

    result = CliRunner().invoke(app, ["sources", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_source_validates_and_yields_start_requests(path: Path, monkeypatch):
    source = load_source(path)
    if source.auth.env:
        monkeypatch.setenv(source.auth.env, "test-key")
    requests = _start_requests(source)
    assert requests and all(isinstance(r, Request) for r in requests)
    assert all(r.url.startswith(("http://", "https://")) for r in requests)
    assert "{" not in requests[0].url  # every template was filled or dropped
    assert not source.auth.env or "test-key" not in requests[0].url  # key added per request


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "us" / "broken_source.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, field", [
    ("name: X\nkind: blog\nspider: feed\nstart_urls: [http://x/]\n", "kind"),
    ("name: X\nkind: vendor\nspider: feed\nstart_urls: [ftp://x/]\n", "start_urls"),
    ("name: X\nkind: vendor\nspider: feed\nstart_urls: [http://x/]\nrate: {concurrency: 0}\n",
     "rate.concurrency"),
    ("name: X\nkind: vendor\nspider: json_api\napi_base: http://x/\npaging: {type: page}\n",
     "paging"),
    ("name: X\nkind: vendor\nspider: feed\nstart_urls: [http://x/]\nsecret: abc\n", "secret"),
])
def test_invalid_source_names_file_and_field(tmp_path, text, field):
    path = _write(tmp_path, text)
    with pytest.raises(SourceError) as err:
        load_source(path)
    message = str(err.value)
    assert str(path) in message and f"field {field!r}" in message


def test_html_listing_without_link_selector_is_rejected(tmp_path):
    path = _write(tmp_path, "name: X\nkind: vendor\nspider: html_listing\nstart_urls: [http://x/]\n")
    with pytest.raises(SourceError, match="link_selector"):
        load_source(path)
