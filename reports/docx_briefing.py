"""The briefing as a Word document (python-docx), from the same context as the Markdown and
HTML briefings. Text goes in as runs, which python-docx escapes as XML, so a quote or title
holding markup stays text. The file is byte-identical for the same context: its core
properties and the ZIP entries' times are set from the as-of day, not the clock.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reports.render import human_date


def _label(c: dict[str, Any]) -> str:
    text = f"{c.get('actor') or 'Unknown actor'}: {c['action'].replace('_', ' ')}"
    return text + (f" ({c['scope'].replace('_', ' ')})" if c.get("scope") else "")


def _dates(c: dict[str, Any]) -> str:
    return f"{human_date(c.get('start') or c.get('announced') or 'undated')} to {c.get('end') or 'open-ended'}"


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _x(text: object) -> str:
    """Text XML can hold (python-docx refuses control characters)."""
    return str(text).translate(_CONTROL)


def _para(doc, text: str, notes: list[int] = (), style: str | None = None):
    p = doc.add_paragraph(style=style)
    p.add_run(_x(text))
    for n in notes:
        p.add_run(f"[{n}]").font.superscript = True
    return p


def _fact(doc, c: dict[str, Any]) -> None:
    """A promise or measure: heading, status and dates, law, every report's quote."""
    doc.add_heading(_x(_label(c)), level=3)
    product = f"; product {c['product']}" if c.get("product") else ""
    condition = f"; condition: {c['condition']}" if c.get("condition") else ""
    _para(doc, f"Status: {c['status']}; {_dates(c)}{product}{condition}")
    if c.get("law"):
        action = f" (latest action: {c['latest_action']})" if c.get("latest_action") else ""
        _para(doc, f"Law: {c['law']}{action}")
    for r, n in zip(c["shown"], c["notes"]):
        _para(doc, f"\u201c{r.get('quote') or ''}\u201d ", [n], "Quote")
    if c.get("more_reports"):
        _para(doc, f"{c['more_reports']} more reports of the same fact.")


def _more(doc, n: int, what: str) -> None:
    """The line that says what a capped list left out (reports.briefing MAX_ITEMS)."""
    if n:
        _para(doc, f"... and {n} more {what}: narrow the briefing with --actor, --jurisdiction or "
                   "--since, or raise --max-items.")


def briefing_docx(ctx: dict[str, Any]) -> bytes:
    """The briefing context (reports.briefing.briefing_context) as DOCX bytes."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading("Face recognition policy briefing", level=0)
    _para(doc, f"As of {ctx['as_of']}. " + _filters(ctx["filters"]) + "Every fact points to the numbered "
          "sources at the end: the quote it was extracted from, the document's URL and the day it was fetched.")
    doc.add_heading("Executive summary", level=1)
    s = ctx["summary"]
    doc.add_heading("In force now", level=2)
    for c in s["in_force"]:
        since = human_date(c.get("start") or c.get("announced") or "an unknown date")
        until = f", until {c['end']}" if c.get("end") else ""
        law = f" ({c['law']})" if c.get("law") else ""
        _para(doc, f"{_label(c)}: {c['status']} since {since}{until}{law} ", c["notes"], "List Bullet")
    _more(doc, ctx["more"]["summary"]["in_force"], f"facts in force ({ctx['counts']['in_force']} in all; "
          "the newest are shown)")
    doc.add_heading(f"Changed since {ctx['changed_since']}", level=2)
    for x in s["changed"]:
        _para(doc, f"{_label(x['fact'])}: {'; '.join(x['events'])} ({x['fact']['status']}) ", x["fact"]["notes"],
              "List Bullet")
    _more(doc, ctx["more"]["summary"]["changed"], f"changed facts ({ctx['counts']['changed']} in all; "
          "the latest changes are shown)")
    doc.add_heading("Expiring soon", level=2)
    for c in s["expiring"]:
        _para(doc, f"{_label(c)}: ends {c['end']} ({c['status']}) ", c["notes"], "List Bullet")
    _more(doc, ctx["more"]["summary"]["expiring"], f"facts expiring soon ({ctx['counts']['expiring']} in all)")
    doc.add_heading("Measures by jurisdiction and stage", level=1)
    for j in ctx["jurisdictions"]:
        doc.add_heading(_x(j["name"]), level=2)
        for group in j["statuses"]:
            for c in group["facts"]:
                _fact(doc, c)
            _more(doc, group["more"], f"{group['status']} measures (the newest are shown)")
        for law in j["laws"]:
            _para(doc, f"Bill {law.get('identifier') or ''} {law.get('title') or law['url']}: "
                  f"{law.get('stage') or 'stage unknown'} ", law["notes"], "List Bullet")
        _more(doc, j["more_laws"], "bills (the newest are shown)")
    if ctx["more"]["jurisdictions"]:
        hidden = ctx["more"]["jurisdictions"]
        _more(doc, hidden["n"], f"jurisdictions with {hidden['facts']} measures and bills (the "
              f"{ctx['max_items']} with the most are shown)")
    doc.add_heading("Vendor commitments by status", level=1)
    for group in ctx["vendor_statuses"]:
        doc.add_heading(f"{group['status'].capitalize()} ({group['total']})", level=2)
        for c in group["facts"]:
            _fact(doc, c)
        _more(doc, group["more"], f"{group['status']} commitments (the newest are shown)")
    doc.add_heading("Key findings", level=1)
    _para(doc, f"Disparity {ctx['ratio_how']}.")
    _findings_table(doc, ctx["findings"])
    _more(doc, ctx["more"]["findings"], "findings (the largest disparities are shown)")
    doc.add_heading("Sources", level=1)
    for src in ctx["sources"]:
        quote = f"\u201c{src['quote']}\u201d " if src.get("quote") else ""
        p = _para(doc, f"{src['n']}. {quote}{src.get('title') or src['url']}. ")
        _link(p, src["url"])
        p.add_run(f", fetched {src['fetched']}")
    day = datetime.combine(date.fromisoformat(ctx["as_of"]), datetime.min.time())
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Face recognition policy briefing", "frt", "frt"
    props.created = props.modified = props.last_printed = day
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip_times(buf.getvalue(), day)


def _link(paragraph, url: str) -> None:
    """Append ``url`` to the paragraph as a clickable hyperlink (python-docx has no API for
    one: a w:hyperlink element whose r:id names an external relationship)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", "0550AE"), ("w:u", "single")):
        prop = OxmlElement(tag)
        prop.set(qn("w:val"), value)
        props.append(prop)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = _x(url)
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _filters(f: dict[str, Any]) -> str:
    parts = [f"Actor: {f['actor']}." if f.get("actor") else "",
             f"Jurisdiction: {f['jurisdiction']}." if f.get("jurisdiction") else "",
             f"From {f['since']}." if f.get("since") else "", f"Until {f['until']}." if f.get("until") else ""]
    return " ".join(p for p in parts if p) + (" " if any(parts) else "")


def _findings_table(doc, findings: list[dict[str, Any]]) -> None:
    if not findings:
        _para(doc, "No findings.")
        return
    head = ["Ratio", "Study", "System", "Metric", "Value", "Group", "Comparison", "Sources"]
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = text
    for f in findings:
        comparison = f.get("comparison_group") or ""
        if comparison and f.get("comparison_value") is not None:
            comparison += f": {f['comparison_value']}{f.get('unit') or ''}"
        row = [f["ratio_text"] or f["ratio_note"], f.get("study") or "", f.get("system") or f.get("vendor") or "",
               (f.get("metric") or "").replace("_", " "), f"{f.get('value')}{f.get('unit') or ''}",
               f.get("group") or "", comparison, "".join(f"[{n}]" for n in f["notes"])]
        for cell, text in zip(table.add_row().cells, row):
            cell.text = _x(text)


def _fixed_zip_times(data: bytes, day: datetime) -> bytes:
    """The same archive with every entry dated ``day`` (zipfile stamps the clock otherwise)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=day.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
