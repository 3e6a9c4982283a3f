"""Build site/reports/frvt-demographics-summary.pdf, the demo's one PDF report (fpdf2).

The PDF is committed; rerun after editing the text:
    python -m crawler.demo_site.build_pdf
Output is deterministic (fixed creation date), so an unchanged text gives unchanged bytes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

from crawler.demo_site import SITE_DIR

OUTPUT = SITE_DIR / "reports" / "frvt-demographics-summary.pdf"
TITLE = "Demographic Effects in Face Recognition: A Summary of NIST FRVT Part 3"

SECTIONS: list[tuple[str, list[str]]] = [
    ("About this summary", [
        "This note summarises, in plain language, the report Face Recognition Vendor Test (FRVT) "
        "Part 3: Demographic Effects, published by the US National Institute of Standards and "
        "Technology (NIST) in December 2019 as NIST IR 8280. It was prepared for the frt demo and "
        "is not a NIST publication; consult the report itself before citing any figure.",
    ]),
    ("What NIST tested", [
        "NIST evaluated 189 algorithms from 99 developers, most of them commercial, on four large "
        "collections of photographs held by US government agencies: domestic mugshots, "
        "application photos from immigration benefit forms, visa photos, and photos taken at "
        "border crossings. Together these held about 18 million images of more than 8 million "
        "people.",
        "Two tasks were measured. In one-to-one matching (verification) an algorithm decides "
        "whether two photos show the same person, as when a phone is unlocked or a passport is "
        "checked. In one-to-many matching (identification) an algorithm searches a gallery for "
        "a probe photo, as when investigators search a mugshot database.",
    ]),
    ("Main findings", [
        "False positives dominate the demographic differences. In one-to-one matching, the "
        "false positive rates of most algorithms were 10 to 100 times higher for some "
        "demographic groups than for others. Across the US mugshot images, false positives were "
        "highest for West and East African and East Asian people and lowest for Eastern "
        "Europeans; American Indians had the highest false positive rates in the domestic data.",
        "Algorithms developed in China did not show the higher false positive rate for East "
        "Asian faces, which suggests that the make-up of training data matters.",
        "False negatives (failing to match two photos of the same person) varied less between "
        "groups, and were more sensitive to image quality.",
        "In one-to-many searches, higher false positive rates for African American women were "
        "found with some algorithms. This matters most, because a false positive in a search "
        "can lead to an innocent person being investigated.",
        "Differences were not the same for every algorithm: the most accurate identification "
        "algorithms showed small demographic differences, so results for one product should not "
        "be carried over to another.",
    ]),
    ("Why it matters for policy", [
        "The report gives agencies and legislators measured error rates, by group, for a large "
        "share of the algorithms on the market. Operators should know the false positive rate "
        "of the specific algorithm they use, at the threshold they use, for the people they "
        "search, and should set thresholds with those differences in mind.",
    ]),
]


class _Report(FPDF):
    def footer(self) -> None:  # repeated on every page, as in real reports
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"frt demo - FRVT Part 3 summary - page {self.page_no()}", align="C")


def build(output: Path = OUTPUT) -> Path:
    pdf = _Report(format="A4")
    pdf.set_creation_date(datetime(2021, 6, 10, tzinfo=timezone.utc))
    pdf.set_title(TITLE)
    pdf.set_author("frt demo")
    pdf.set_subject("Summary of NIST IR 8280 (FRVT Part 3: Demographic Effects), December 2019")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 10)
    note = "Demo report for the frt project. Source: NIST IR 8280, December 2019."
    pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    for heading, paragraphs in SECTIONS:
        if heading == "Why it matters for policy":
            pdf.add_page()  # two pages, so per-page text extraction is exercised
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    output.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(output))
    return output


if __name__ == "__main__":
    print(build())
