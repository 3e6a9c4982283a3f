"""`make bench`: run every benchmarks/bench_*.py in its own process and collect their figures.

Each script prints one JSON object per measurement on its last lines, with at least "name",
"frt", "baseline", "ratio" and "goal" (ratios against a baseline measured in the same run,
because this machine is shared and noisy). Results go to .bench/results.json and a table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).parent
OUT = HERE.parent / ".bench" / "results.json"


def run_script(path: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=1800, cwd=HERE.parent)
    rows = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            row = json.loads(line)
            rows.append({"script": path.name, "name": row.pop("name", path.stem), **row})
    if proc.returncode != 0 or not rows:
        rows.append({"script": path.name, "name": "FAILED",
                     "error": (proc.stderr.strip().splitlines() or ["no output"])[-1]})
    return rows


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.name for n in names)]
    console = Console()
    results = []
    for script in scripts:
        console.print(f"running {script.name} ...")
        start = time.perf_counter()
        rows = run_script(script)
        console.print(f"  done in {time.perf_counter() - start:.1f}s")
        results.extend(rows)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    table = Table(title="make bench (ratios against a baseline measured in the same run)")
    for col in ("script", "name", "ratio", "goal", "figures"):
        table.add_column(col, overflow="fold")
    shown = {"script", "name", "ratio", "goal"}
    for r in results:
        figures = ", ".join(f"{k}={v}" for k, v in r.items() if k not in shown)
        table.add_row(r["script"], str(r.get("name", "")), str(r.get("ratio", "")),
                      str(r.get("goal", "")), figures)
    console.print(table)
    console.print(f"results in {OUT}")
    return 1 if any(r["name"] == "FAILED" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
