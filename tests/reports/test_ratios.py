"""Disparity ratios: how they are computed, and when there is none."""

from __future__ import annotations

import pytest

from reports.ratios import disparity


def f(value, comparison, metric="error_rate", unit="%"):
    return {"value": value, "comparison_value": comparison, "metric": metric, "unit": unit}


def test_gender_shades_ratio_is_43x():
    d = disparity(f(34.7, 0.8))
    assert d["ratio"] == pytest.approx(43.375)
    assert d["ratio_text"] == "43x" and d["ratio_note"] == "34.7 / 0.8"


@pytest.mark.parametrize("finding,note", [
    (f(31.37, 0.0), "none: the comparison is 0"),
    (f(12.5, None), "none: no comparison value"),
    (f(None, 0.8), "none: no comparison value"),
    (f(90.0, 99.0, metric="accuracy", unit=None), "none: accuracy not in percent"),
])
def test_no_ratio_without_a_usable_comparison(finding, note):
    d = disparity(finding)
    assert (d["ratio"], d["ratio_text"], d["ratio_note"]) == (None, "", note)


def test_accuracy_compares_the_errors_left_over():
    d = disparity(f(65.3, 99.3, metric="accuracy"))  # 34.7% of errors against 0.7%
    assert d["ratio_text"] == "50x" and d["ratio_note"] == "34.7 / 0.7"


def test_small_ratios_keep_one_decimal_and_stated_ratios_stay():
    assert disparity(f(4.8, 1.2))["ratio_text"] == "4.0x"
    stated = disparity({"value": 100.0, "unit": "x", "metric": "false_positive_rate"})
    assert stated["ratio_text"] == "100x" and stated["ratio_note"] == "stated as a ratio in the source"
