r"""``frt extract FILE`` on generated files: text in every common encoding (BOMs, UTF-16
without one, cp1252, Shift-JIS, mixed), binary and truncated bytes, NULs, PDFs and HTML
where text was expected. What the analyst sees: exit 0 with a JSON result, or exit 1 with
one ``error: FILE: reason`` line on stderr; never a traceback. Rules-only extraction
(FRT_SPACY_MODEL=none) keeps 2,000 files fast.

Known and not fixed here (pipelines/nlp is outside this test's remit): the entity cue
regexes (pipelines/nlp/entities/cues.yaml, ``[A-Z][\\w+&-]*`` at every start position) take
time quadratic in the length of one capitalised token: 10,000 "A" took 29 s. Generated
files therefore hold no huge single token."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
import typer
from hypothesis import example, given, strategies as st
from typer.testing import CliRunner

from commands.extract import MAX_BYTES, register
from tests.fuzz.hostile import POOL, fillers, mutate

runner = CliRunner()
ENV = {"FRT_SPACY_MODEL": "none", "COLUMNS": "120"}
WORK = Path(tempfile.mkdtemp(prefix="frt-fuzz-extract-"))
SENTENCES = [
    "Amazon announced a one-year moratorium on police use of Rekognition on June 10, 2020.",
    "IBM CEO Arvind Krishna said IBM no longer offers general purpose facial recognition.",
    "The error rate for darker-skinned women was 34.7% against 0.8% for lighter-skinned men.",
    "Microsoft will not sell facial recognition to police until there is a federal law.",
    "San Francisco banned the use of face surveillance by city agencies in May 2019.",
    "Zoë Müller – „Gesichtserkennung“ – €5 · naïve café ½",
    "Le moratoire de la CNIL sur la reconnaissance faciale, été 2021.",
    "顔認識技術の禁止", "Запрет на распознавание лиц", "",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
             "latin-1", "shift_jis", "koi8-r", "gb18030"]


@pytest.fixture(scope="module")
def app():
    """The extract command on a test app, with one rules-only Extractor for every call."""
    from pipelines.nlp import Extractor

    extractor = Extractor(model="none")
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    with mock.patch("pipelines.nlp.Extractor", lambda *a, **k: extractor):
        yield app


@st.composite
def file_bytes(draw) -> bytes:
    # no huge single tokens here: see the module docstring
    f = draw(fillers(huge=False))
    kind = draw(st.sampled_from(["text", "text", "text", "mixed", "binary", "markup"]))
    text = " ".join(f.pick(SENTENCES) if f.chance(0.5) else f.text()
                    for _ in range(draw(st.integers(0, 2))))
    if kind == "text":
        data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    elif kind == "mixed":
        a, b = draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(ENCODINGS))
        data = text.encode(a, "replace") + f.pick(SENTENCES).encode(b, "replace")
    elif kind == "binary":
        data = draw(st.sampled_from([b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                     b"\x89PNG\r\n\x1a\n\x00\x00",
                                     b"PK\x03\x04\x14\x00", codecs.BOM_UTF8 + b"\xff\xfe\xfd",
                                     codecs.BOM_UTF16_LE + b"\x00\xd8", b"\x00" * 64,
                                     bytes(range(256))]))
    else:
        markup = f.pick(["<html><body><p>{}</p></body></html>", "<rss><item>{}</item></rss>",
                         '{{"text": "{}"}}'])
        data = markup.format(text).encode(draw(st.sampled_from(ENCODINGS)), "replace")
    return draw(mutate(data))


def _extract(app, data: bytes, name: str = "input.txt"):
    path = WORK / name
    path.write_bytes(data)
    return path, runner.invoke(app, ["extract", str(path), "--format", "json"], env=ENV)


@given(file_bytes())
@example("Amazon paused police use of Rekognition.".encode("utf-16"))
@example("Microsoft – no sales to police".encode("cp1252"))
@example(codecs.BOM_UTF8 + b"\xff\xfe")
@example(b"\x00" * 10)
@example(POOL[4].encode() * 10)
def test_extract_answers_json_or_one_error_line(app, data):
    path, result = _extract(app, data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code in (0, 1), result.exit_code
    rows = json.loads(result.stdout)
    if result.exit_code == 0:
        assert [r["path"] for r in rows] == [str(path)] and not result.stderr
        assert all(isinstance(r[k], list) for r in rows
                   for k in ("entities", "commitments", "findings"))
    else:
        lines = result.stderr.strip().splitlines()
        assert rows == [] and len(lines) == 1 and lines[0].startswith(f"error: {path}: ")


def test_oversized_file_is_refused_before_reading(app):
    path = WORK / "big.txt"
    with open(path, "wb") as fh:  # sparse: no disk space used
        fh.truncate(MAX_BYTES + 1)
    result = runner.invoke(app, ["extract", str(path)], env=ENV)
    assert result.exit_code == 1 and "larger than" in result.stderr


def test_utf16_text_is_decoded_not_refused(app):
    path, result = _extract(app, SENTENCES[0].encode("utf-16"))
    assert result.exit_code == 0
    assert any(e["text"] == "Amazon" for e in json.loads(result.stdout)[0]["entities"])
