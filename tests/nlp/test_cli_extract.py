"""``frt extract`` on good and bad input, through a Typer app we register onto."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from commands.extract import register

runner = CliRunner()
ENV = {"FRT_SPACY_MODEL": "none", "COLUMNS": "120"}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    return app


def _invoke(app, args):
    return runner.invoke(app, ["extract", *args], env=ENV)


def test_json_output(app, tmp_path):
    f = tmp_path / "a.txt"
    text = "On Wednesday, Amazon announced a one-year moratorium on police use of Rekognition."
    f.write_text(text, encoding="utf-8")
    result = _invoke(app, [str(f), "--date", "2020-06-11"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [set(d) for d in data] == [{"path", "document_date", "entities", "commitments", "findings", "relations"}]
    c = data[0]["commitments"][0]
    assert (c["actor"], c["action"], c["start"], c["end"]) == ("Amazon", "moratorium", "2020-06-10", "2021-06-10")
    assert text[c["start_char"]:c["end_char"]] == c["quote"]


def test_table_output(app, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("IBM no longer offers facial recognition software.", encoding="utf-8")
    result = _invoke(app, [str(f), "--format", "table"])
    assert result.exit_code == 0
    assert "Commitments" in result.stdout and "exit" in result.stdout


TEXT = "On June 10, 2020, Amazon announced a one-year moratorium \u2014 \u201ca pause\u201d \u2014 on police use of Rekognition."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-32"])
def test_text_in_other_encodings_is_detected_and_decoded(app, tmp_path, encoding):
    text = TEXT if encoding != "latin-1" else TEXT.replace("\u2014", "\u00ad").replace(
        "\u201c", "\u00ab").replace("\u201d", "\u00bb")  # Latin-1 has no dashes or curly quotes
    f = tmp_path / f"{encoding}.txt"
    f.write_bytes(text.encode(encoding))  # utf-16 and utf-32 write a BOM
    result = _invoke(app, [str(f)])
    assert result.exit_code == 0, result.stderr
    [doc] = json.loads(result.stdout)
    [commitment] = doc["commitments"]
    assert commitment["action"] == "moratorium"
    assert text[text.index("a pause") - 1:text.index("a pause") + 8] in commitment["quote"]


@pytest.mark.parametrize("name,content,message", [
    ("bin.dat", b"\x00\x01\x02binary", "binary"),
    ("noise.bin", bytes(range(1, 32)) * 40, "binary"),
])
def test_bad_files_fail_one_line_each_and_others_go_on(app, tmp_path, name, content, message):
    bad, good = tmp_path / name, tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text("IBM no longer offers facial recognition software.", encoding="utf-8")
    result = _invoke(app, [str(bad), str(good)])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert [d["path"] for d in data] == [str(good)]


@pytest.mark.parametrize("content", ["", "It rained all day in the valley.\n"])
def test_empty_and_entity_free_files_give_clean_results(app, tmp_path, content):
    f = tmp_path / "x.txt"
    f.write_text(content, encoding="utf-8")
    result = _invoke(app, [str(f)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["entities"] == []


def test_missing_file(app, tmp_path):
    result = _invoke(app, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "nope.txt" in result.stderr


def test_five_megabytes(app, tmp_path):
    f = tmp_path / "big.txt"
    para = "The weather stayed mild and the markets were quiet all week.\n\n"
    f.write_text(para * (5 * 1024 * 1024 // len(para)), encoding="utf-8")
    result = _invoke(app, [str(f)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["commitments"] == []


@pytest.mark.parametrize("date", ["2020-13-01", "June 10", "yesterday"])
def test_bad_date_is_one_line_error(app, tmp_path, date):
    f = tmp_path / "a.txt"
    f.write_text("text", encoding="utf-8")
    result = _invoke(app, [str(f), "--date", date])
    assert result.exit_code == 1
    assert "--date" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_help_has_example(app):
    result = runner.invoke(app, ["extract", "--help"], env=ENV)
    assert result.exit_code == 0 and "frt extract" in result.stdout


def test_a_long_file_on_two_workers_gives_the_one_process_result(app, tmp_path):
    f = tmp_path / "long.txt"
    para = ("Boston's city council voted on Wednesday to ban city agencies from using facial "
            "recognition.\n\nAn audit found error rates of 34.7% for darker-skinned women.\n\n")
    f.write_text(para * (110_000 // len(para) + 1), encoding="utf-8")
    one = _invoke(app, [str(f), "--workers", "1", "--date", "2020-06-10"])
    two = _invoke(app, [str(f), "--workers", "2", "--date", "2020-06-10"])
    assert one.exit_code == 0 and two.exit_code == 0, (one.output, two.output)
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert json.loads(one.stdout)[0]["commitments"]
