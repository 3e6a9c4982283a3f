"""Words/s of the frt extractor against the same spaCy model's full pipeline, in one run.

Generates a seeded corpus (~50k words, a few hundred paragraphs mixing face-recognition
policy prose with unrelated prose that shares trigger words), runs
``spacy.load(model).pipe`` with every component, then ``Extractor.extract_many``, and
prints one JSON line: {"model", "docs", "words", "spacy_full_wps", "frt_wps", "ratio"}.

Example:
    .venv/bin/python benchmarks/bench_extract.py --words 50000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VENDORS = ["Amazon", "IBM", "Microsoft", "Google", "Clearview AI", "Vizient Labs Inc.", "Axon", "NEC"]
AGENCIES = ["the Riverton Police Department", "ICE", "the FBI", "the Lakeside County Sheriff's Office"]
CITIES = ["San Francisco", "Boston", "Portland", "Oakland", "Springfield", "Minneapolis"]
GROUPS = ["darker-skinned women", "Black women", "Asian faces", "women over 60", "elderly people"]
RELEVANT = [
    "{v} said on {wd} it would put a {n}-month moratorium on police use of its face recognition software.",
    "In a letter to lawmakers, {v} wrote that it no longer offers general purpose facial recognition.",
    "{v} will not sell facial recognition to police departments until Congress passes a federal law.",
    "Advocacy groups called on {v} to ban the sale of face surveillance tools to {a}.",
    "{c}'s city council voted on {wd} to ban city agencies from using facial recognition.",
    "An audit found that the classifier misidentified {g} {p}% of the time, compared with {q}% for lighter-skinned men.",
    "False match rates were {lo} to {hi} times higher for {g} than for white faces in the {y} evaluation.",
    "{v} extended its moratorium on police use of its facial recognition tool indefinitely.",
    "Analysts said {v} could pause its face recognition business if regulators push harder.",
    "{a} said it had used facial recognition in {k} investigations last year.",
    "The bill would impose a moratorium on federal use of biometric surveillance until Congress acts.",
]
IRRELEVANT = [
    "The city council voted to ban gas-powered leaf blowers starting next spring.",
    "Shares of the retailer rose {p}% after quarterly revenue beat expectations.",
    "The recipe calls for two cups of flour, a pinch of salt and {k} grams of butter.",
    "Heavy rain paused the match for {k} minutes before the home side scored again.",
    "The museum extended its opening hours through the summer holidays.",
    "Officials said the error in the tax forms affected roughly {p}% of filers in the county.",
    "A new bakery opened on Main Street on {wd}, drawing a long line of customers.",
    "The orchestra will not perform in the old hall until the roof is repaired.",
    "Researchers tracked {k} migrating birds across three continents over two years.",
    "The team's coach said the players would rest before the final on {wd}.",
    "Farmers reported that the dry spell cut wheat yields by about {p} percent.",
    "The library plans to restrict access to its rare manuscripts during renovation.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_corpus(words: int, seed: int = 13) -> list[str]:
    """Paragraphs of 4-9 sentences, ~1/3 mostly face-recognition prose, until ``words``."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < words:
        relevant = rng.random() < 0.35
        sentences = []
        for _ in range(rng.randint(4, 9)):
            pool = RELEVANT if relevant and rng.random() < 0.6 else IRRELEVANT
            sentences.append(rng.choice(pool).format(
                v=rng.choice(VENDORS), a=rng.choice(AGENCIES), c=rng.choice(CITIES),
                g=rng.choice(GROUPS), wd=rng.choice(WEEKDAYS), n=rng.choice([6, 12, 18]),
                p=round(rng.uniform(0.5, 40), 1), q=round(rng.uniform(0.1, 2), 1),
                lo=rng.randint(2, 10), hi=rng.randint(20, 100), y=rng.randint(2015, 2024),
                k=rng.randint(3, 500)))
        text = " ".join(sentences)
        paragraphs.append(text)
        total += len(text.split())
    return paragraphs


def words_per_second(texts: list[str], run) -> float:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    run(texts)
    return words / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--model", default=None, help="spaCy package (default: FRT_SPACY_MODEL/auto)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)

    import spacy

    from pipelines.nlp import Extractor

    extractor = Extractor(model=args.model)
    if extractor.model_name is None:
        print(json.dumps({"error": "no spaCy model installed; nothing to compare against"}))
        return 1
    full = spacy.load(extractor.model_name)
    texts = make_corpus(args.words)
    date = dt.date(2020, 6, 11)
    warm = texts[:5]
    list(full.pipe(warm))
    list(extractor.extract_many([(t, date) for t in warm]))
    base = words_per_second(texts, lambda ts: list(full.pipe(ts, batch_size=args.batch_size)))
    frt = words_per_second(texts, lambda ts: list(extractor.extract_many(
        ((t, date) for t in ts), batch_size=args.batch_size)))
    print(json.dumps({
        "model": extractor.model_name, "docs": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "spacy_full_wps": round(base), "frt_wps": round(frt), "ratio": round(frt / base, 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
