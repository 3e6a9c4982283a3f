"""Score the frt extractor against the hand-made gold texts in ``tests/gold/texts``.

Prints precision/recall/F1 for entities (span + label), commitments (actor + action),
commitment start dates (actor + action + start) and findings (value + system + group),
per split (train / heldout / all). A gold text may carry ``hints`` (passed to the
extractor, see pipelines/nlp/README.md) and a gold finding a ``study`` (then checked too).
The ``heldout2`` split (written for the 0.2 generalisation fixes) and the blind splits
``heldout3``, ``heldout4`` (written after 0.3) and ``heldout5`` (after 0.5), written without
reading the extractor, are kept out of every run, including "all", unless ``--final`` is
given: they are scored at the end (BENCHMARKS.md records each one's first score).

Example:
    python scripts/eval.py                 # table
    python scripts/eval.py --json          # machine-readable
    python scripts/eval.py --model none --split heldout --errors
    python scripts/eval.py --final         # also score the late held-out split
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold" / "texts"
TASKS = ("entities", "commitments", "commitment_start", "findings")
FINAL_SPLITS = {"heldout2", "heldout3", "heldout4", "heldout5"}


def load_gold(gold_dir: Path = GOLD_DIR, final: bool = False) -> list[dict]:
    """Gold records, sorted by id; each checked for the required keys. The late held-out
    split(s) are left out unless ``final``."""
    records = []
    for path in sorted(gold_dir.glob("*.yaml")):
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing = {"id", "split", "date", "text", "entities", "commitments", "findings"} - set(rec)
        if missing:
            raise ValueError(f"{path.name}: missing keys {sorted(missing)}")
        if rec["split"] in FINAL_SPLITS and not final:
            continue
        records.append(rec)
    return records


def gold_entity_spans(rec: dict) -> set[tuple[int, int, str]]:
    """Every whole-word occurrence of each gold entity text, minus ones inside longer ones."""
    spans = set()
    for text, label in rec["entities"]:
        for m in re.finditer(r"(?<![\w+])" + re.escape(text) + r"(?![\w+])", rec["text"]):
            spans.add((m.start(), m.end(), label))
    return {s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)}


def _match(golds: list, preds: list, same) -> list[tuple[int, int]]:
    pairs, used = [], set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _low(x) -> str | None:
    return None if x is None else str(x).lower()


def same_commitment(g: dict, p: dict) -> bool:
    """Actor among the gold's names, as written or as frt's vocabulary names them."""
    if p["action"] not in g["action"]:
        return False
    from pipelines.nlp import canonicalize

    names = {_low(a) for a in g["actor"]}
    names |= {_low(canonicalize(str(a), label)) for a in g["actor"]
              for label in (None, "VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION")}
    return _low(p["actor"]) in names


def same_finding(g: dict, p: dict) -> bool:
    return (p["value"] is not None and abs(float(p["value"]) - float(g["value"])) < 0.01
            and _low(p["group"]) == _low(g["group"]) and _low(p["system"]) == _low(g["system"])
            and ("study" not in g or _low(p["study"]) == _low(g["study"])))


def score_record(rec: dict, result: dict) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) per task for one text."""
    counts = {}
    gold_e = gold_entity_spans(rec)
    pred_e = {(e["start"], e["end"], e["label"]) for e in result["entities"]}
    counts["entities"] = (len(gold_e & pred_e), len(pred_e), len(gold_e))
    gc, pc = rec["commitments"], result["commitments"]
    pairs = _match(gc, pc, same_commitment)
    counts["commitments"] = (len(pairs), len(pc), len(gc))
    dated = {gi for gi, g in enumerate(gc) if g.get("start")}
    ok = sum(1 for gi, pi in pairs if gi in dated and pc[pi]["start"] == str(gc[gi]["start"]))
    matched_undated = sum(1 for gi, _ in pairs if gi not in dated)
    counts["commitment_start"] = (ok, len(pc) - matched_undated, len(dated))
    gf, pf = rec["findings"], result["findings"]
    counts["findings"] = (len(_match(gf, pf, same_finding)), len(pf), len(gf))
    return counts


def prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else (1.0 if not gold else 0.0)
    r = tp / gold if gold else (1.0 if not pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": pred, "gold": gold}


def evaluate(extractor=None, model: str | None = None, records: list[dict] | None = None,
             final: bool = False) -> dict:
    """Run the extractor over the gold and return ``{split: {task: prf}}`` plus per-text errors."""
    if extractor is None:
        from pipelines.nlp import Extractor

        extractor = Extractor(model=model)
    records = records if records is not None else load_gold(final=final)
    pairs = [(r["text"], r["date"] if isinstance(r["date"], dt.date) else None, r.get("hints"))
             for r in records]
    totals: dict[str, dict[str, list[int]]] = {}
    errors = []
    for rec, result in zip(records, extractor.extract_many(pairs)):
        counts = score_record(rec, result)
        for split in (rec["split"], "all"):
            for task, c in counts.items():
                acc = totals.setdefault(split, {}).setdefault(task, [0, 0, 0])
                for i in range(3):
                    acc[i] += c[i]
        if any(c[0] != c[1] or c[0] != c[2] for c in counts.values()):
            errors.append({"id": rec["id"], "split": rec["split"], "counts": counts, "result": result})
    scores = {split: {task: prf(*c) for task, c in tasks.items()} for split, tasks in totals.items()}
    return {"model": extractor.model_name, "scores": scores, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--model", default=None, help="auto | none | a spaCy package")
    parser.add_argument("--split", default=None, help="only print this split")
    parser.add_argument("--errors", action="store_true", help="print texts with errors")
    parser.add_argument("--final", action="store_true", help="also score the late held-out split")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    out = evaluate(model=args.model, final=args.final)
    if args.json:
        if not args.errors:
            out.pop("errors")
        print(json.dumps(out, indent=2, default=str))
        return 0
    print(f"model: {out['model']}")
    for split, tasks in sorted(out["scores"].items()):
        if args.split and split != args.split:
            continue
        for task in TASKS:
            s = tasks[task]
            print(f"{split:8} {task:18} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}"
                  f"  (tp={s['tp']} pred={s['pred']} gold={s['gold']})")
    if args.errors:
        for e in out["errors"]:
            if args.split and e["split"] != args.split:
                continue
            print(f"\n--- {e['id']} ({e['split']}) {e['counts']}")
            r = e["result"]
            print("  entities:", [(x["text"], x["label"]) for x in r["entities"]])
            for c in r["commitments"]:
                print("  commitment:", {k: c[k] for k in ("actor", "action", "scope", "start", "end", "duration")})
            for f in r["findings"]:
                print("  finding:", {k: f[k] for k in ("study", "system", "metric", "value", "unit", "group", "comparison_group", "comparison_value")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
