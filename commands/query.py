"""Listing commands over the knowledge base: commitments, findings, laws (the timeline and the
reports are in commands/report.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from commands.common import DbOption, FormatOption, OutputFormat, emit, fail, user_errors
from kb import queries
from kb.database import make_engine, session_scope
from kb.judgements import fact_judgements

AsOf = Annotated[str | None, typer.Option("--as-of", help="Judge status on this day "
                                          "(YYYY-MM-DD; default today).", show_default=False)]


def _as_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise fail(f"--as-of must be YYYY-MM-DD, got {value!r}") from None


def _session(db):
    return session_scope(make_engine(db, create=False))


def register(app: typer.Typer) -> None:
    @app.command("commitments")
    @user_errors
    def commitments(actor: Annotated[str | None, typer.Option(help="Only this actor.")] = None,
                    action: Annotated[str | None, typer.Option(help="moratorium, exit, ...")] = None,
                    status: Annotated[str | None, typer.Option(
                        help="Vendor commitments: announced, active, expiring, expired, extended, "
                        "superseded; measures from bills: proposed, enacted, \"in force\", expired, "
                        "repealed, failed.")] = None,
                    as_of: AsOf = None,
                    reports: Annotated[bool, typer.Option(
                        "--reports", help="One row per report (each document's mention) instead "
                        "of one row per fact.")] = False,
                    group: Annotated[bool, typer.Option("--group", hidden=True,
                                                        help="One row per fact (the default).")] = False,
                    db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List commitments and measures with status and citations.

        One row per fact: the reports of one promise or measure together (same actor,
        class, scope, dates at their precision, or the same bill); JSON lists every
        report with its quote, URL and date. --reports lists each report instead.

        Example: frt commitments --actor Amazon --format json
        """
        filters = {"actor": actor, "action": action, "status": status, "as_of": _as_of(as_of)}
        with _session(db) as s:
            if reports:
                rows = queries.commitments(s, **filters)
            else:  # one row per fact, from the fact table; only JSON lists every report whole
                rows = queries.commitment_facts_listed(s, fact_judgements(s), light=fmt != OutputFormat.json,
                                                       **filters)
        if not reports:
            emit(rows, ["id", "actor", "action", "scope", "start", "end", "status", "law", "n_reports",
                        "url"], fmt, "Commitments and measures (one row per fact)")
            return
        emit(rows, ["id", "actor", "action", "scope", "start", "end", "status", "law", "quote", "url"],
             fmt, "Commitments (one row per report)")

    @app.command("findings")
    @user_errors
    def findings(study: Annotated[str | None, typer.Option(help="Study name contains.")] = None,
                 system: Annotated[str | None, typer.Option(help="System or vendor contains.")]
                 = None,
                 group: Annotated[str | None, typer.Option(help="Group contains.")] = None,
                 reports: Annotated[bool, typer.Option(
                     "--reports", help="One row per report instead of one per finding.")] = False,
                 db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List audit and benchmark findings with their citations.

        One row per finding (study, system, metric, group, value), however many documents
        report it; JSON lists every report. --reports lists each report instead.

        Example: frt findings --system Rekognition --format csv
        """
        filters = {"study": study, "system": system, "group": group}
        with _session(db) as s:
            if reports:
                rows = queries.findings(s, **filters)
            else:  # one row per finding fact, from the fact table
                rows = queries.finding_facts_listed(s, fact_judgements(s), **filters)
        if not reports:
            emit(rows, ["id", "study", "system", "metric", "value", "unit", "group", "comparison_group",
                        "dataset", "n_reports", "url"], fmt, "Findings (one row per finding)")
            return
        emit(rows, ["id", "study", "system", "metric", "value", "unit", "group",
                    "comparison_group", "comparison_value", "dataset", "url"], fmt, "Findings")

    @app.command("laws")
    @user_errors
    def laws(stage: Annotated[str | None, typer.Option(
                 help="Only bills at this stage: introduced, \"passed one chamber\", passed, enacted, "
                 "effective, vetoed, failed, repealed, expired.")] = None,
             db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List bills, ordinances and regulations with their stage.

        JSON lists every dated stage (introduced, passed, enacted, effective ...).

        Example: frt laws --stage enacted --format json
        """
        with _session(db) as s:
            rows = queries.laws(s, stage=stage)
        for row in rows:
            row["stage_history"] = "; ".join(f"{e['stage']} {e['date'] or ''}".strip() for e in row["stages"])
        emit(rows, ["identifier", "title", "jurisdiction", "stage", "enacted", "effective", "status",
                    "url"], fmt, "Laws, bills and ordinances")
