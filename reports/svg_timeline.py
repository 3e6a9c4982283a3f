"""Layout of the visual timeline: commitments and measures as spans from start to end
(open-ended ones drawn to the as-of day), bills' dated stages and findings as marks, one row
each, on a shared axis of years. The SVG itself is the template timeline.v1.svg.j2, which
escapes every label; this module only computes positions, so it is plain arithmetic.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reports.facts import fact_date, finding_date, span

LABEL_W, CHART_W, ROW_H, TOP, PAD = 330, 820, 24, 44, 12
MAX_LABEL = 46


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "\u2026"


def layout(commitments: list[dict], laws: list[dict], findings: list[dict], as_of: date) -> dict[str, Any]:
    """Rows (with spans and marks in pixel coordinates), year ticks, size and legend."""
    rows: list[dict[str, Any]] = []
    for c in sorted((c for c in commitments if fact_date(c)), key=lambda c: (fact_date(c), c["id"])):
        start = span(fact_date(c))[0]
        end = date.fromisoformat(c["end"]) if c.get("end") else None
        label = f"{c.get('actor') or 'Unknown actor'}: {c['action'].replace('_', ' ')}"
        if c.get("scope"):
            label += f" ({c['scope'].replace('_', ' ')})"
        rows.append({"kind": "span", "label": label, "url": c["url"], "status": c["status"],
                     "start": start, "end": end or max(as_of, start), "open": end is None,
                     "tip": f"{label}: {c['status']}, {fact_date(c)} to {c.get('end') or 'open-ended'}"
                            f" ({c.get('title') or c['url']})"})
    for law in sorted(laws, key=lambda x: ((x.get("jurisdiction") or ""), x.get("identifier") or "", x["url"])):
        marks = [{"day": date.fromisoformat(s["date"]), "tip": f"{law.get('identifier') or law.get('title')}: "
                  f"{s['stage']} {s['date']}", "stage": s["stage"]} for s in law["stages"] if s.get("date")]
        if marks:
            name = " ".join(p for p in (law.get("jurisdiction"), law.get("identifier")) if p)
            rows.append({"kind": "law", "label": f"Bill {name or law.get('title') or law['url']}",
                         "url": law["url"], "marks": marks, "tip": law.get("title") or law["url"]})
    for f in findings:
        day = finding_date(f)
        if not day:
            continue
        what = f"{(f.get('metric') or 'finding').replace('_', ' ')} {f.get('value')}{f.get('unit') or ''}"
        who = f.get("study") or f.get("system") or f.get("group")
        label = f"{who}: {what}" if who else what
        rows.append({"kind": "finding", "label": label, "url": f["url"],
                     "marks": [{"day": span(day)[0], "tip": f"{label} {f.get('group') or ''} ({day}, "
                                                          f"{f.get('title') or f['url']})"}],
                     "tip": f.get("quote") or label})
    days = [as_of] + [d for r in rows for d in ([r["start"], r["end"]] if r["kind"] == "span"
                                                else [m["day"] for m in r["marks"]])]
    first, last = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    scale = CHART_W / max(1, (last - first).days)

    def x(day: date) -> float:
        return round(LABEL_W + (day - first).days * scale, 1)

    for i, r in enumerate(rows):
        r["y"] = TOP + i * ROW_H
        r["short"] = _short(r["label"])
        if r["kind"] == "span":
            r["x1"], r["x2"] = x(r["start"]), max(x(r["end"]), x(r["start"]) + 3)
        else:
            for m in r["marks"]:
                m["x"] = x(m["day"])
    ticks = [{"x": x(date(y, 1, 1)), "year": y} for y in range(first.year, last.year + 1)]
    statuses = sorted({r["status"] for r in rows if r["kind"] == "span"})
    return {"rows": rows, "ticks": ticks, "as_of_x": x(as_of), "width": LABEL_W + CHART_W + PAD,
            "height": TOP + len(rows) * ROW_H + 2 * ROW_H, "legend": statuses,
            "legend_y": TOP + len(rows) * ROW_H + ROW_H, "label_w": LABEL_W, "row_h": ROW_H}
