"""The hand-over document of a repatriation batch for one receiving agency, as PDF (reportlab).

Names in Chinese characters are set in reportlab's built-in CID font (no font file needed);
Latin, Vietnamese and Cyrillic in DejaVu Sans, which matplotlib ships. Thai, Burmese, Lao and
Khmer glyphs are in neither: those names show in their romanised form only (the CSV keeps every
form).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

CJK = "STSong-Light"
LATIN = "DejaVuSans"


def _fonts() -> None:
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    if LATIN not in pdfmetrics.getRegisteredFontNames():
        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(LATIN, str(path)))


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _printable(name: str) -> tuple[str, str] | None:
    """(text, font) for a name the PDF can show, or None for scripts without a shipped font."""
    if any(_is_cjk(ch) for ch in name):
        return name, CJK
    if all(ord(ch) < 0x0590 for ch in name):
        return name, LATIN
    return None


def _names_cell(names: str, style: ParagraphStyle) -> Paragraph:
    parts = []
    for name in (n.strip() for n in names.split(";")):
        shown = _printable(name)
        if shown:
            text = shown[0].replace("&", "&amp;").replace("<", "&lt;")
            parts.append(f'<font name="{shown[1]}">{text}</font>')
    return Paragraph("<br/>".join(parts) or "(name in a script without font)", style)


def pdf(batch: dict[str, Any], agency: str, rows: list[dict[str, str]]) -> bytes:
    _fonts()
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontName=LATIN, fontSize=7.5, leading=9)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=f"Hand-over {batch['reference']} to {agency}",
        author="scamgrid",
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
    )
    header = [
        "row",
        "names",
        "date of birth",
        "nat.",
        "documents",
        "compound",
        "status",
        "evidence",
    ]
    table_rows: list[list[Any]] = [header]
    for row in rows:
        table_rows.append(
            [
                row["row"],
                _names_cell(row["names"], cell),
                row["dob"],
                row["nationality"],
                Paragraph(row["documents"], cell),
                Paragraph(row["compound"], cell) if _printable(row["compound"]) else "",
                row["classification"],
                Paragraph(row["evidence"] or "-", cell),
            ]
        )
    table = Table(
        table_rows,
        colWidths=[1.1 * cm, 5 * cm, 2.2 * cm, 1.1 * cm, 3 * cm, 4 * cm, 2 * cm, 8.5 * cm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["classification"]] = counts.get(row["classification"], 0) + 1
    title = ParagraphStyle("t", parent=styles["Title"], fontName=LATIN)
    normal = ParagraphStyle("n", parent=styles["Normal"], fontName=LATIN)
    story = [
        Paragraph(f"Hand-over of batch {batch['reference']} to {agency}", title),
        Paragraph(
            f"Arrived {batch['arrived_on']} at {batch['crossing'] or 'the border'}; held by "
            f"{batch['agency']}; screened {batch['screened_at'] or 'not yet'}. "
            f"{len(rows)} people: {counts}. Personal data: handle under {batch['marking']}.",
            normal,
        ),
        Spacer(1, 0.3 * cm),
        table,
    ]
    document.build(story)
    return buffer.getvalue()
