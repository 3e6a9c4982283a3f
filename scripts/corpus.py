"""The real-text corpus in ``tests/corpus/``: validate records, seal texts, list what is missing.

Each record ``docs/<id>.yaml`` holds a locator and gold; its text is ``texts/<id>.txt``
(committed, openly licensed) or ``cache/<id>.txt`` (rebuilt with the search tool, ignored by
git). See tests/corpus/README.md.

Example:
    python scripts/corpus.py check [--prefix a]     # format, dates, quotes and entities in the text
    python scripts/corpus.py seal [--prefix a]      # fill sha256 and excerpt offsets
    python scripts/corpus.py missing                # records without their text, with locators
    python scripts/corpus.py put ID FILE            # store a rebuilt text or its whole excerpt (sha256 checked)
    python scripts/corpus.py stats
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
DOCS, TEXTS, CACHE = CORPUS / "docs", CORPUS / "texts", CORPUS / "cache"

SPLITS = {"dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13"}
LICENCES = {"public-domain-us-gov", "CC0-1.0", "eu-reuse-notice", "none"}
LABELS = {"VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION", "PRODUCT", "PERSON", "LAW",
          "STUDY", "DATASET"}
ACTIONS = {"moratorium", "pause", "exit", "no_sale", "ban", "extension", "reversal",
           "feature_retirement", "restriction", "regulation"}
REQUIRED = {"id", "split", "kind", "date", "url", "licence", "locator", "entities",
            "commitments", "findings"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_path(rec_id: str) -> Path | None:
    """Where the record's text is, committed first, else the cache; None when absent."""
    for folder in (TEXTS, CACHE):
        path = folder / f"{rec_id}.txt"
        if path.is_file():
            return path
    return None


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def load_records(prefix: str | None = None) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(DOCS.glob("*.yaml")):
        if prefix and not path.stem.startswith(prefix):
            continue
        out.append((path, yaml.safe_load(path.read_text(encoding="utf-8")) or {}))
    return out


def _is_licensed(licence: str) -> bool:
    return licence != "none" and (licence in LICENCES or licence.startswith("CC-BY"))


def _date_ok(value) -> bool:
    if value is None or isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
        return True
    except ValueError:
        return False


def problems(path: Path, rec: dict) -> list[str]:
    """Every problem found in one record (empty when it is valid)."""
    errs = []
    missing = REQUIRED - set(rec)
    if missing:
        return [f"missing keys {sorted(missing)}"]
    if rec["id"] != path.stem:
        errs.append(f"id {rec['id']!r} is not the file stem")
    if rec["split"] not in SPLITS:
        errs.append(f"split {rec['split']!r} not in {sorted(SPLITS)}")
    lic = str(rec["licence"])
    if not (lic in LICENCES or lic.startswith("CC-BY")):
        errs.append(f"licence {lic!r} unknown")
    if not _date_ok(rec["date"]) or rec["date"] is None:
        errs.append("date is not YYYY-MM-DD")
    if not isinstance(rec["locator"], dict) or not rec["locator"].get("query"):
        errs.append("locator.query missing")
    committed = TEXTS / f"{rec['id']}.txt"
    if committed.exists() and not _is_licensed(lic):
        errs.append("texts/ holds a text whose licence is none (keep it in cache/)")
    if _is_licensed(lic) and not committed.exists():
        errs.append(f"licensed ({lic}) but texts/{rec['id']}.txt is missing")
    tpath = text_path(rec["id"])
    text = read_text(tpath) if tpath else None
    if text is not None and rec.get("sha256") and sha256(text) != rec["sha256"]:
        errs.append("text does not match sha256")
    for item in rec["entities"] or []:
        if not (isinstance(item, list) and len(item) == 2 and item[1] in LABELS):
            errs.append(f"entity {item!r}: want [text, LABEL]")
        elif text is not None and not re.search(r"(?<!\w)" + re.escape(item[0]) + r"(?!\w)", text):
            errs.append(f"entity {item[0]!r} is not in the text")
    for i, c in enumerate(rec["commitments"] or []):
        where = f"commitment {i + 1}"
        if not isinstance(c.get("actor"), list) or not c["actor"]:
            errs.append(f"{where}: actor must be a non-empty list")
        acts = c.get("action")
        if not isinstance(acts, list) or not acts or set(acts) - ACTIONS:
            errs.append(f"{where}: action must be a list of {sorted(ACTIONS)}")
        for key in ("start", "end"):
            if not _date_ok(c.get(key)):
                errs.append(f"{where}: {key} is not YYYY-MM-DD")
        errs += _quote_problem(where, c, text)
    for i, f in enumerate(rec["findings"] or []):
        where = f"finding {i + 1}"
        if not isinstance(f.get("value"), (int, float)):
            errs.append(f"{where}: value must be a number")
        errs += _quote_problem(where, f, text)
    return errs


def _quote_problem(where: str, item: dict, text: str | None) -> list[str]:
    quote = item.get("quote")
    if not quote:
        return [f"{where}: quote missing"]
    if text is not None and quote not in text:
        return [f"{where}: quote is not an exact substring of the text"]
    return []


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def seal(path: Path, rec: dict) -> bool:
    """Fill sha256 and the excerpt offsets from the text; True when the file changed."""
    tpath = text_path(rec["id"])
    if tpath is None:
        return False
    text = read_text(tpath)
    new = {"sha256": sha256(text)}
    excerpt_path = CACHE / f"{rec['id']}.excerpt.txt"
    if excerpt_path.exists():
        excerpt = read_text(excerpt_path)
        start = excerpt.find(text)
        if start < 0:  # whitespace may differ: locate by the first and last 40 characters
            head, tail = _norm(text)[:40], _norm(text)[-40:]
            flat = excerpt
            start = flat.find(head[:20])
            end = flat.rfind(tail[-20:])
            if start >= 0 and end >= 0:
                new["excerpt_start"], new["excerpt_end"] = start, end + len(tail[-20:])
        else:
            new["excerpt_start"], new["excerpt_end"] = start, start + len(text)
    raw = path.read_text(encoding="utf-8")
    changed = False
    if rec.get("sha256") != new["sha256"]:
        if re.search(r"^sha256:.*$", raw, flags=re.M):
            raw = re.sub(r"^sha256:.*$", f"sha256: {new['sha256']}", raw, flags=re.M)
        else:
            raw = re.sub(r"^(licence:.*)$", rf"\1\nsha256: {new['sha256']}", raw, count=1, flags=re.M)
        changed = True
    loc = rec.get("locator") or {}
    flow = re.search(r"^locator:\s*\{.*\}\s*$", raw, flags=re.M)
    if flow and any(key in new and loc.get(key) != new[key] for key in ("excerpt_start", "excerpt_end")):
        loc = {**loc, **{k: new[k] for k in ("excerpt_start", "excerpt_end") if k in new}}
        line = "locator: " + yaml.safe_dump(loc, default_flow_style=True, allow_unicode=True, width=10**6).strip()
        raw = raw[:flow.start()] + line + raw[flow.end():]
        changed = True
    for key in ("excerpt_start", "excerpt_end"):
        if key in new and loc.get(key) != new[key]:
            if re.search(rf"^\s+{key}:.*$", raw, flags=re.M):
                raw = re.sub(rf"^(\s+){key}:.*$", rf"\g<1>{key}: {new[key]}", raw, flags=re.M)
            else:
                raw = re.sub(r"^(\s+)(query:.*)$", rf"\1\2\n\g<1>{key}: {new[key]}", raw, count=1,
                             flags=re.M)
            changed = True
    if changed:
        yaml.safe_load(raw)  # never write a file that no longer parses
        path.write_text(raw, encoding="utf-8")
    return changed


def _rebuilt_text(rec: dict, given: str) -> str | None:
    """The record's text from ``given``: the text itself, or the whole search excerpt it is cut from.

    An excerpt is cut at the locator's offsets; when the excerpt was copied with slightly
    different spacing, every cut of the same length near those offsets is tried. None when
    nothing matches the record's sha256 (a record without one takes ``given`` as it is).
    """
    want = rec.get("sha256")
    if not want:
        return given
    for candidate in (given, given.strip()):
        if sha256(candidate) == want:
            return candidate
    loc = rec.get("locator") or {}
    start, end = loc.get("excerpt_start"), loc.get("excerpt_end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        length = end - start
        for shift in range(0, 64):
            for s0 in {start + shift, start - shift}:
                if 0 <= s0 and s0 + length <= len(given):
                    for n in (length, length - 1, length + 1):
                        piece = given[s0:s0 + n]
                        if sha256(piece) == want:
                            return piece
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("check", "seal", "missing", "stats"):
        p = sub.add_parser(name)
        p.add_argument("--prefix", default=None)
    put = sub.add_parser("put")
    put.add_argument("id")
    put.add_argument("file", type=Path)
    args = ap.parse_args(argv)

    if args.cmd == "put":
        path = DOCS / f"{args.id}.yaml"
        if not path.exists():
            print(f"error: no record {args.id}", file=sys.stderr)
            return 1
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = _rebuilt_text(rec, read_text(args.file))
        if text is None:
            print(f"error: {args.file} does not match {args.id}'s sha256 (neither whole nor at the "
                  "locator's excerpt offsets)", file=sys.stderr)
            return 1
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / f"{args.id}.txt").write_text(text, encoding="utf-8")
        print(f"stored cache/{args.id}.txt")
        return 0

    records = load_records(args.prefix)
    if args.cmd == "check":
        bad = 0
        for path, rec in records:
            for err in problems(path, rec):
                print(f"{path.name}: {err}")
                bad += 1
        print(f"{len(records)} records, {bad} problems")
        return 1 if bad else 0
    if args.cmd == "seal":
        n = sum(seal(path, rec) for path, rec in records)
        print(f"sealed {n} of {len(records)} records")
        return 0
    if args.cmd == "missing":
        absent = [(p, r) for p, r in records if text_path(r.get("id", p.stem)) is None]
        for path, rec in absent:
            loc = rec.get("locator") or {}
            print(f"{rec['id']}\t{loc.get('corpus', 'pages')}\t{loc.get('query')}\t{rec.get('url')}")
        print(f"{len(absent)} of {len(records)} texts missing", file=sys.stderr)
        return 0
    if args.cmd == "stats":
        by = {}
        for _, rec in records:
            key = (rec.get("split"), "licensed" if _is_licensed(str(rec.get("licence"))) else "locator")
            by[key] = by.get(key, 0) + 1
        n_c = sum(len(r.get("commitments") or []) for _, r in records)
        n_f = sum(len(r.get("findings") or []) for _, r in records)
        for key in sorted(by):
            print(f"{key[0]:6} {key[1]:9} {by[key]}")
        print(f"{len(records)} records, {n_c} commitments, {n_f} findings")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
