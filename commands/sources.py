"""`frt sources list|check|add`: the YAML source registry."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import ValidationError

from commands.common import FormatOption, OutputFormat, console, emit, fail, user_errors
from crawler.constants import SourceKind, SpiderType
from crawler.registry import SOURCES_DIR, Source, SourceError, load_source, load_sources

app = typer.Typer(help="List, check and add crawl sources (YAML files).", no_args_is_help=True)
DirOption = Annotated[Path, typer.Option("--dir", help="Directory of source YAML files.")]
COLUMNS = ["id", "name", "kind", "spider", "jurisdiction", "url", "auth_env", "schedule", "format"]


def _row(source: Source) -> dict:
    return {**source.model_dump(mode="json"),
            "url": source.api_base or (source.start_urls[0] if source.start_urls else None),
            "auth_env": source.auth.env,
            "format": "best guess" if source.best_guess else "checked"}


@app.command("list")
@user_errors
def list_(fmt: FormatOption = OutputFormat.table, directory: DirOption = SOURCES_DIR) -> None:
    """List every source with its kind, spider and URL.

    The format column says "best guess" where the source's URL or selectors could not be
    checked against a real response (its best_guess field says what is guessed).

    Example: frt sources list --format json
    """
    rows = [_row(s) for s in load_sources(directory).values()]
    emit(rows, COLUMNS, fmt, title="Sources")


def _online(sources: list[Source]) -> bool:
    """Fetch one page per source into a throw-away KB and show what it yielded."""
    from crawler.runner import run_crawl  # Scrapy only when needed; one run per process

    found: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="frt-check-") as tmp:
        report = run_crawl(sources, f"sqlite:///{Path(tmp) / 'check.db'}", max_pages=1,
                           on_event=lambda e, sid, i: found.append((sid, e, i.get("url", "")))
                           if e == "item" else None)
    for source in sources:
        stats = report.sources[source.id]
        urls = [u for sid, _, u in found if sid == source.id]
        state = "[red]failed[/]" if source.id in report.failed_sources else "[green]ok[/]"
        console.print(f"{source.id}: {state}, {stats.pages} page(s), {len(urls)} document(s)")
        for url in urls[:5]:
            console.print(f"  would store {url}", highlight=False)
        for url in stats.skipped[:5]:
            console.print(f"  would fetch {url}", highlight=False)
        for reason in stats.errors[:3]:
            console.print(f"  [red]error[/] {reason}", highlight=False, soft_wrap=True)
    return not report.failed_sources


@app.command("check")
@user_errors
def check(source_id: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
          online: Annotated[bool, typer.Option(
              help="Also fetch one page and report what the spider would yield.")] = False,
          directory: DirOption = SOURCES_DIR,
          base_url: Annotated[str | None, typer.Option(
              help="Replace {base_url} in the files (locally served sites).")] = None) -> None:
    """Validate source files; --online also fetches a page.

    Example: frt sources check federal_register --online
    """
    sources = load_sources(directory, base_url)  # SourceError names the file and field
    if source_id is not None and source_id not in sources:
        raise fail(f"unknown source id: {source_id}")
    chosen = [sources[source_id]] if source_id else list(sources.values())
    console.print(f"{len(chosen)} source(s) valid", highlight=False)
    if online and not _online(chosen):
        raise typer.Exit(code=1)


@app.command("add")
@user_errors
def add(source_id: Annotated[str, typer.Argument(help="New source id (the file stem).")],
        name: Annotated[str, typer.Option(help="Human name.")],
        kind: Annotated[SourceKind, typer.Option(help="Publisher kind.")],
        spider: Annotated[SpiderType, typer.Option(help="Spider type.")],
        url: Annotated[list[str], typer.Option(help="Start URL (repeatable).")],
        jurisdiction: Annotated[str | None, typer.Option(help="us, us-ca, eu ...")] = None,
        keyword: Annotated[list[str] | None, typer.Option(
            help="Keyword filtered locally (repeatable).")] = None,
        link_selector: Annotated[str | None, typer.Option(help="html_listing links.")] = None,
        min_interval: Annotated[float, typer.Option(help="Seconds between requests.")] = 1.0,
        directory: DirOption = SOURCES_DIR) -> None:
    """Write a new source YAML file (validated, never overwrites).

    Example: frt sources add acme_news --name "Acme newsroom" --kind vendor --spider feed --url https://acme.example/feed.xml
    """
    data = {"name": name, "kind": kind.value, "spider": spider.value, "start_urls": url,
            "rate": {"min_interval_s": min_interval, "concurrency": 1}}
    if jurisdiction:
        data["jurisdiction"] = jurisdiction
    if keyword:
        data["keywords"] = {"terms": keyword}
    if link_selector:
        data["link_selector"] = link_selector
    path = Path(directory) / (jurisdiction or "") / f"{source_id}.yml"
    if path.exists() or source_id in {p.stem for p in Path(directory).glob("**/*.yml")}:
        raise fail(f"source {source_id!r} already exists; not overwriting")
    try:
        Source.model_validate({**data, "id": source_id})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"{'.'.join(map(str, first['loc'])) or 'source'}: {first['msg']}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    load_source(path)
    console.print(f"wrote {path}", highlight=False)


def register(app_: typer.Typer) -> None:
    """Add the ``sources`` sub-app to the main app (called from cli.py)."""
    app_.add_typer(app, name="sources")


__all__ = ["SourceError", "app", "register"]
