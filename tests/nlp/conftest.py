"""Fixtures for the NLP tests: one rules-only and one model extractor per session."""

from __future__ import annotations

import importlib.util

import pytest

from pipelines.nlp import Extractor
from pipelines.nlp.model import AUTO_CANDIDATES

HAVE_MODEL = any(importlib.util.find_spec(m) for m in AUTO_CANDIDATES)


@pytest.fixture(scope="session")
def rules_ex() -> Extractor:
    return Extractor(model="none")


@pytest.fixture(scope="session")
def model_ex() -> Extractor:
    if not HAVE_MODEL:
        pytest.skip("no spaCy model installed")
    return Extractor(model="auto")


@pytest.fixture(scope="session", params=["none", "auto"])
def any_ex(request, rules_ex) -> Extractor:
    """Both modes: the same expectations must hold with and without the model."""
    if request.param == "none":
        return rules_ex
    return request.getfixturevalue("model_ex")
