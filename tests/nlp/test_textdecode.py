"""Text in the encodings analysts' files come in is decoded to the same text; binary is refused."""

from __future__ import annotations

import pytest

from pipelines.textdecode import UndecodableText, decode_text

SAMPLES = [
    ("Le 10 juin 2020, la CNIL a publié un avis sur la reconnaissance faciale à l’école.", "cp1252"),
    ("Die Datenschutzbehörde prüft Gesichtserkennung – „ein Eingriff“.", "cp1252"),
    ("Amazon announced a one-year moratorium \u00ab a pause \u00bb on police use.", "latin-1"),
    ("Urząd Ochrony Danych Osobowych nałożył karę na spółkę za użycie rozpoznawania twarzy.", "cp1250"),
    ("Роскомнадзор заявил о распознавании лиц в метро.", "cp1251"),
    ("IBM said it would no longer offer face recognition \u2014 “full stop”.", "utf-8"),
    ("IBM said it would no longer offer face recognition \u2014 “full stop”.", "utf-16"),
    ("IBM said it would no longer offer face recognition \u2014 “full stop”.", "utf-8-sig"),
]


@pytest.mark.parametrize("text,encoding", SAMPLES)
def test_decoded_text_is_the_text_that_was_written(text, encoding):
    assert decode_text(text.encode(encoding))[0] == text


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary", bytes(range(1, 32)) * 50,
                                  b"\xff\xfe" + b"\x00\xd8" * 3])  # UTF-16 BOM, lone surrogates
def test_binary_and_broken_input_is_refused_with_a_reason(data):
    with pytest.raises(UndecodableText) as err:
        decode_text(data)
    assert "\n" not in str(err.value) and str(err.value)
