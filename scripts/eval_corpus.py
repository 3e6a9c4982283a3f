"""Score the frt extractor on the real-text corpus (``tests/corpus``, see its README).

Scores what is present (committed licensed texts, plus texts rebuilt into ``cache/``) and
says how many are missing. Metrics, as in issue 8's acceptance:

- entities: span + label, precision and recall;
- commitments: actor (any acceptable gold name) + action class;
- start: share of matched gold commitments with a start whose predicted start is right
  (compared at the gold's precision: day, month or year);
- findings: value + (system or group).

The ``blind`` split is scored only with ``--split blind`` (or ``all``) and its errors are
never printed unless ``--blind-errors`` is given: it is scored once per round and its
first score is the published figure.

Example:
    python scripts/eval_corpus.py                      # the dev split
    python scripts/eval_corpus.py --split blind --json
    python scripts/eval_corpus.py --decider rules      # ablation: rules | model | combined
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import load_records, read_text, text_path  # noqa: E402
from eval import _low, _match, gold_entity_spans, prf  # noqa: E402

TASKS = ("entities", "commitments", "commitment_start", "findings")


def load(split: str) -> tuple[list[dict], int]:
    """Records of ``split`` (dev, blind or all) with their text; and how many lack a text."""
    out, missing = [], 0
    for _, rec in load_records():
        if split != "all" and rec.get("split") != split:
            continue
        path = text_path(rec["id"])
        if path is None:
            missing += 1
            continue
        rec = dict(rec, text=read_text(path))
        out.append(rec)
    return out, missing


ACTOR_LABELS = (None, "VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION")


def acceptable(names: list) -> set[str]:
    """The gold's actor names as written and as frt's vocabulary names them (annotators
    write surface forms: "Dutch DPA" is the Autoriteit Persoonsgegevens)."""
    from pipelines.nlp import canonicalize

    out = {_low(a) for a in names}
    out |= {_low(canonicalize(str(a), label)) for a in names for label in ACTOR_LABELS}
    return out


def same_commitment(g: dict, p: dict) -> bool:
    names = acceptable(g["actor"])
    # "Portland, Oregon" is the gold's "Portland": a place named with its state is that place
    return p["action"] in g["action"] and (_low(p["actor"]) in names or _low(p["actor"]).split(",")[0] in names)


def same_start(g: dict, p: dict) -> bool:
    want, got = g.get("start"), p.get("start")
    if want is None or got is None:
        return False
    n = {"year": 4, "month": 7}.get(g.get("start_precision"), 10)
    return str(got)[:n] == str(want)[:n]


def same_finding(g: dict, p: dict) -> bool:
    if p.get("value") is None or abs(float(p["value"]) - float(g["value"])) >= 0.01:
        return False
    return (_low(p.get("system")) in _systems(g.get("system"))
            or _group(p.get("group")) == _group(g.get("group")))


def _systems(name) -> set:
    """A gold system as written and as frt names it ("Amazon Rekognition" is Rekognition)."""
    from pipelines.nlp import canonicalize

    return {_low(name)} if name is None else {_low(name), _low(canonicalize(str(name), "PRODUCT"))}


def _group(name):
    """Groups compared as frt normalises them ("darker-skinned females" = darker-skinned women)."""
    from pipelines.nlp import normalize_group

    return None if name is None else _low(normalize_group(str(name)))


def score_record(rec: dict, result: dict) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) per task for one text."""
    rec = dict(rec, entities=[e for e in rec["entities"] or []])
    gold_e = gold_entity_spans(rec)
    pred_e = {(e["start"], e["end"], e["label"]) for e in result["entities"]}
    gc, pc = rec["commitments"] or [], result["commitments"]
    pairs = _match(gc, pc, same_commitment)
    dated = [(gi, pi) for gi, pi in pairs if gc[gi].get("start")]
    right = sum(1 for gi, pi in dated if same_start(gc[gi], pc[pi]))
    gf, pf = rec["findings"] or [], result["findings"]
    return {
        "entities": (len(gold_e & pred_e), len(pred_e), len(gold_e)),
        "commitments": (len(pairs), len(pc), len(gc)),
        # precision = right / matched-and-dated; recall the same: "right for X% of matched"
        "commitment_start": (right, len(dated), len(dated)),
        "findings": (len(_match(gf, pf, same_finding)), len(pf), len(gf)),
    }


def evaluate(records: list[dict], extractor=None) -> dict:
    if extractor is None:
        from pipelines.nlp import Extractor

        extractor = Extractor()
    items = []
    for r in records:
        date = r["date"] if isinstance(r["date"], dt.date) else dt.date.fromisoformat(str(r["date"]))
        hints = {k: v for k, v in (r.get("hints") or {}).items() if k in ("kind", "actor", "title")}
        items.append((r["text"], date, hints))
    totals: dict[str, list[int]] = {t: [0, 0, 0] for t in TASKS}
    per_doc = []
    for rec, result in zip(records, extractor.extract_many(items)):
        counts = score_record(rec, result)
        for task, c in counts.items():
            for i in range(3):
                totals[task][i] += c[i]
        per_doc.append({"id": rec["id"], "split": rec["split"], "counts": counts, "result": result,
                        "gold": {k: rec[k] for k in ("entities", "commitments", "findings")}})
    return {"model": extractor.model_name, "version": extractor.version,
            "scores": {t: prf(*c) for t, c in totals.items()}, "docs": per_doc}


def print_misses(out: dict, allow_blind: bool) -> None:
    """One line per unmatched gold commitment (FN) and unmatched predicted one (FP)."""
    for d in out["docs"]:
        if d["split"].startswith("blind") and not allow_blind:
            continue
        gc, pc = d["gold"]["commitments"] or [], d["result"]["commitments"]
        pairs = _match(gc, pc, same_commitment)
        for gi, g in enumerate(gc):
            if gi not in {a for a, _ in pairs}:
                print(f"FN {d['id']} {g['actor'][:2]} {g['action']} | {str(g.get('quote'))[:120]}")
        for pi, p in enumerate(pc):
            if pi not in {b for _, b in pairs}:
                print(f"FP {d['id']} {p['actor']!r} {p['action']} | {p['quote'][:120]}")
        for gi, pi in pairs:
            if gc[gi].get("start") and not same_start(gc[gi], pc[pi]):
                print(f"START {d['id']} {pc[pi]['actor']!r} {pc[pi]['action']} gold {gc[gi]['start']} "
                      f"({gc[gi].get('start_precision', 'day')}) got {pc[pi]['start']} | {pc[pi]['quote'][:100]}")


def print_errors(out: dict, allow_blind: bool) -> None:
    for d in out["docs"]:
        if d["split"].startswith("blind") and not allow_blind:
            continue
        if all(c[0] == c[1] == c[2] for c in d["counts"].values()):
            continue
        r, g = d["result"], d["gold"]
        print(f"\n--- {d['id']} {d['counts']}")
        got_e = sorted({(x["text"], x["label"]) for x in r["entities"]})
        want_e = sorted({tuple(x) for x in g["entities"] or []})
        print("  entities extra:", [e for e in got_e if e not in want_e])
        print("  entities missed:", [e for e in want_e if e not in got_e])
        for c in g["commitments"] or []:
            print("  gold  :", {k: c.get(k) for k in ("actor", "action", "start", "scope")}, "|", c.get("quote"))
        for c in r["commitments"]:
            print("  pred  :", {k: c[k] for k in ("actor", "action", "start", "scope")}, "|", c["quote"][:100])
        for f in g["findings"] or []:
            print("  gold f:", {k: f.get(k) for k in ("value", "system", "group")})
        for f in r["findings"]:
            print("  pred f:", {k: f[k] for k in ("value", "system", "group")})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "all"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print the dev texts' errors")
    ap.add_argument("--blind-errors", action="store_true", help="also print the blind texts' errors")
    ap.add_argument("--misses", action="store_true", help="print unmatched commitments (dev)")
    ap.add_argument("--decider", default=None, help="rules | model | combined (FRT_DECIDER)")
    ap.add_argument("--decider-dir", default=None, help="a trained decider folder (FRT_DECIDER_MODEL)")
    ap.add_argument("--fold", type=int, nargs=2, metavar=("K", "N"), help="only dev fold K of N")
    args = ap.parse_args(argv)
    if args.decider:
        os.environ["FRT_DECIDER"] = args.decider
    if args.decider_dir:
        os.environ["FRT_DECIDER_MODEL"] = args.decider_dir
    records, missing = load(args.split)
    if args.fold:
        from train_decider import fold_of

        records = [r for r in records if fold_of(r["id"], args.fold[1]) == args.fold[0]]
    if not records:
        print(f"no {args.split} texts present ({missing} missing: see scripts/corpus.py missing)")
        return 0
    out = evaluate(records)
    out["present"], out["missing"] = len(records), missing
    if args.json:
        print(json.dumps({**{k: v for k, v in out.items() if k != "docs"},
                          "counts": {d["id"]: d["counts"] for d in out["docs"]}}, indent=2))
    else:
        print(f"corpus split {args.split}: {len(records)} texts scored, {missing} missing "
              f"(rebuild them with the search tool: scripts/corpus.py missing); "
              f"extractor {out['version']}, model {out['model']}, decider "
              f"{os.environ.get('FRT_DECIDER', 'default')}")
        for task in TASKS:
            s = out["scores"][task]
            print(f"  {task:18} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}"
                  f"  (tp={s['tp']} pred={s['pred']} gold={s['gold']})")
    if args.misses:
        print_misses(out, args.blind_errors)
    elif args.errors or args.blind_errors:
        print_errors(out, args.blind_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
