"""Run one crawl in this process and print its report as one JSON line (for tests and
scripts; ``frt crawl`` is the command for people).

    python -m crawler.run_cli --db sqlite:///kb.db --sources tests/crawler/sources \\
        --base-url http://127.0.0.1:8765 --only fixture_rss --set DOWNLOAD_DELAY=0

Each ``--set KEY=VALUE`` is an extra Scrapy setting; VALUE is parsed as JSON when it can be.
``--scheduler redis://...`` (or FRT_SCHEDULER) and ``--run-key`` (or FRT_RUN_KEY) make this
process one worker of a shared crawl (crawler/distributed.py).
Exit code: 0 when every source finished without errors, 1 otherwise (also for an unusable
scheduler), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from crawler.distributed import SchedulerError
from crawler.registry import SOURCES_DIR, SourceError, load_sources
from crawler.runner import run_crawl


def _value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.run_cli")
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the KB")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR)
    parser.add_argument("--base-url", default=None, help="replaces {base_url} in the YAML")
    parser.add_argument("--only", nargs="*", default=None, help="source ids to crawl")
    parser.add_argument("--since", type=date.fromisoformat, default=None)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--jobdir", type=Path, default=None)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--scheduler", default=os.environ.get("FRT_SCHEDULER") or None,
                        help="redis:// URL of a frontier shared with other workers")
    parser.add_argument("--run-key", default=os.environ.get("FRT_RUN_KEY") or None,
                        help="the shared run to join (default: today's UTC date)")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.sources, base_url=args.base_url)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        unknown = [s for s in args.only if s not in sources]
        if unknown:
            print(f"error: unknown source id(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        sources = {k: sources[k] for k in args.only}
    settings = dict(item.split("=", 1) for item in args.set)
    try:
        report = run_crawl(list(sources.values()), args.db, since=args.since,
                           max_pages=args.max_pages, jobdir=args.jobdir,
                           settings={k: _value(v) for k, v in settings.items()},
                           scheduler=args.scheduler, run_key=args.run_key)
    except SchedulerError as exc:  # bad URL or run key, Redis down
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_dict()))
    return 1 if report.failed_sources else 0


if __name__ == "__main__":
    sys.exit(main())
