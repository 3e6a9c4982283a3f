"""Data flows one way: crawler -> pipelines -> kb -> reports -> commands/cli. A module may
import the layers below it, never those above (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# For each package, the top-level packages it must never import.
FORBIDDEN = {
    "kb": {"crawler", "pipelines", "reports", "commands", "cli"},
    "reports": {"crawler", "pipelines", "commands", "cli"},
    "pipelines": {"reports", "commands", "cli"},
    "crawler": {"reports", "commands", "cli"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_runs_back_up(package):
    bad = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "demo_site" in path.parts:  # the fixture web serves files only
            continue
        hits = imported_packages(path) & FORBIDDEN[package]
        if hits:
            bad[str(path.relative_to(ROOT))] = sorted(hits)
    assert bad == {}


def test_checker_sees_an_import(tmp_path):
    mod = tmp_path / "m.py"
    mod.write_text("from crawler.items import DocumentItem\nimport reports.render\n")
    assert imported_packages(mod) == {"crawler", "reports"}
