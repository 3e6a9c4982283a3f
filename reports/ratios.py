"""Disparity ratios of findings: how many times worse a system does for one group than for
the group it is compared with.

For an error metric (error rate, false positive, false negative, false match or false
non-match rate) the ratio is the group's value divided by the comparison group's:
Gender Shades' 34.7% error for darker-skinned females against 0.8% for lighter-skinned
males is 34.7 / 0.8 = 43.4, shown "43x". For accuracy the ratio is taken on the error
left over (100 - accuracy, for values in percent), so it still reads "times more errors".
A comparison value of zero gives no ratio ("comparison is 0"), and so does a missing one;
a value the source already gives as a ratio (unit "x", "100 times higher") is shown as it is.
"""

from __future__ import annotations

from typing import Any

HOW = ("ratio = the group's error rate / the comparison group's (for accuracy: "
       "(100 - accuracy) / (100 - comparison accuracy)); none when the comparison is missing or 0")


def disparity(finding: dict[str, Any]) -> dict[str, Any]:
    """The ratio of one finding: ``ratio`` (float or None), ``ratio_text`` ("43x") and
    ``ratio_note`` (how it was computed, or why there is none)."""
    value, comparison = finding.get("value"), finding.get("comparison_value")
    if value is not None and (finding.get("unit") or "") == "x":  # "ten to 100 times higher"
        return {"ratio": float(value), "ratio_text": ratio_text(float(value)),
                "ratio_note": "stated as a ratio in the source"}
    if value is None or comparison is None:
        return {"ratio": None, "ratio_text": "", "ratio_note": "none: no comparison value"}
    value, comparison = float(value), float(comparison)
    worse, base = value, comparison
    if (finding.get("metric") or "") == "accuracy":
        if (finding.get("unit") or "") != "%":
            return {"ratio": None, "ratio_text": "", "ratio_note": "none: accuracy not in percent"}
        worse, base = 100.0 - value, 100.0 - comparison
    if base == 0:
        return {"ratio": None, "ratio_text": "",
                "ratio_note": "none: the comparison is 0"}
    ratio = worse / base
    note = f"{_num(worse)} / {_num(base)}"
    return {"ratio": ratio, "ratio_text": ratio_text(ratio), "ratio_note": note}


def ratio_text(ratio: float) -> str:
    """43.375 -> "43x", 2.54 -> "2.5x", 0.5 -> "0.5x"."""
    if ratio >= 10:
        return f"{int(ratio + 0.5)}x"
    return f"{ratio:.1f}x"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
