"""Import ``scripts/eval.py`` (not a package) for the tests."""

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "scripts" / "eval.py"
_spec = importlib.util.spec_from_file_location("frt_scripts_eval", _PATH)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)

evaluate = _mod.evaluate
load_gold = _mod.load_gold
gold_entity_spans = _mod.gold_entity_spans
score_record = _mod.score_record
