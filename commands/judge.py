"""`frt judge ...`: analyst decisions that survive every rebuild."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel import select

from commands.common import DbOption, FormatOption, OutputFormat, emit, fail, user_errors
from kb.database import make_engine, session_scope
from kb.retry import write_transaction
from kb.factstore import refresh_facts
from kb.judgements import JudgementError, add_judgement
from kb.models import Judgement

app = typer.Typer(help="Merge, split or reject what extraction found.", no_args_is_help=True)
TypeOpt = Annotated[str | None, typer.Option("--type", help="Entity type (VENDOR, AGENCY ...).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why (kept with the judgement).")]


def _judge(db, kind, target, value=None, type_=None, note=None) -> None:
    def record(s) -> int:
        _, affected = add_judgement(s, kind, target, value, type_, note)
        if kind in ("merge_facts", "split_fact", "reject"):
            refresh_facts(s)  # the fact table follows at once
        return affected

    try:  # under the extraction's lock: both rewrite the fact table
        affected = write_transaction(make_engine(db, create=False), record, lock="extract")
    except JudgementError as exc:
        raise fail(str(exc)) from None
    if kind in ("merge_facts", "split_fact"):
        typer.echo(f"{kind.replace('_', '-')} recorded; facts regrouped")
        return
    typer.echo(f"{kind} recorded; {affected} affected"
               + ("" if kind == "reject" else "; run `frt extract --all` to apply"))


@app.command("merge")
@user_errors
def merge(name: str, into: str, type_: TypeOpt = None, note: NoteOpt = None,
          db: DbOption = None) -> None:
    """Treat NAME as another name of INTO.

    Example: frt judge merge "Amazon Web Services" Amazon --type VENDOR
    """
    _judge(db, "merge", name, into, type_, note)


@app.command("split")
@user_errors
def split(name: str, type_: TypeOpt = None, note: NoteOpt = None, db: DbOption = None) -> None:
    """Keep NAME a separate entity (undo a fuzzy or alias match).

    Example: frt judge split "Clearview" --type VENDOR
    """
    _judge(db, "split", name, None, type_, note)


@app.command("reject")
@user_errors
def reject(fact_key: str, note: NoteOpt = None, db: DbOption = None) -> None:
    """Reject a false commitment or finding by its fact key.

    Example: frt judge reject 3f2a9c0d1b7e4a55 --note "activists' demand, not a pledge"
    """
    _judge(db, "reject", fact_key, note=note)


@app.command("merge-facts")
@user_errors
def merge_facts(fact_key: str, other: str, note: NoteOpt = None, db: DbOption = None) -> None:
    """Treat two reports (by fact key) as reports of one fact.

    Example: frt judge merge-facts 3f2a9c0d1b7e4a55 9b1c2d3e4f5a6b7c --note "same ordinance"
    """
    _judge(db, "merge_facts", fact_key, other, note=note)


@app.command("split-fact")
@user_errors
def split_fact(fact_key: str, note: NoteOpt = None, db: DbOption = None) -> None:
    """Take a report (by fact key) out of its fact.

    Example: frt judge split-fact 3f2a9c0d1b7e4a55 --note "a different, later ban"
    """
    _judge(db, "split_fact", fact_key, note=note)


@app.command("list")
@user_errors
def list_(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the judgements recorded.

    Example: frt judge list --format json
    """
    with session_scope(make_engine(db, create=False)) as s:
        rows = [j.model_dump(mode="json") for j in s.exec(select(Judgement).order_by(Judgement.id))]
    emit(rows, ["id", "kind", "target", "value", "note", "created_at"], fmt, "Judgements")
