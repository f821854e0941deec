"""The monthly situation report: figures of one month, trends of the year before, and charts.

`build` draws every number from `stats.collect` (so markings are respected: a report made for
TH-CCIB counts only what TH-CCIB may see); `html` and `pdf` render the same figures with the same
charts (matplotlib PNGs; reportlab for PDF, pure Python, no network and no system libraries).
"""

from __future__ import annotations

import base64
import html as html_escape
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt
from sqlalchemy.orm import Session

from scamgrid.cases import stats
from scamgrid.store.visibility import Viewer

TREND_MONTHS = 12


@dataclass
class Chart:
    title: str
    png: bytes


@dataclass
class SituationReport:
    period: str
    audience: str
    generated_at: datetime
    figures: dict[str, float]  # headline numbers of the month
    month: stats.Statistics  # the month alone
    trend: stats.Statistics  # the TREND_MONTHS months up to and including it
    months: list[str]
    charts: list[Chart]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "audience": self.audience,
            "figures": self.figures,
            "month": self.month.as_dict(),
            "trend": self.trend.as_dict(),
            "charts": [c.title for c in self.charts],
        }


def build(session: Session, viewer: Viewer, period: str) -> SituationReport:
    start, end = stats.parse_period(period)
    months = stats.months_back(period, TREND_MONTHS)
    trend_start, _ = stats.parse_period(months[0])
    month = stats.collect(session, viewer, start, end)
    trend = stats.collect(session, viewer, trend_start, end)
    figures = {
        "reports": sum(month.reports.by_month().values()),
        "losses_usd": round(sum(month.losses_usd.by_month().values()), 2),
        "arrests": sum(month.arrests.by_month().values()),
        "released": sum(month.released.by_month().values()),
        "rescues": sum(month.rescues.by_month().values()),
        "repatriations": sum(month.repatriations.by_month().values()),
    }
    audience = viewer.agency_code or ("node" if viewer.system else "public")
    report = SituationReport(
        period, audience, datetime.now().astimezone(), figures, month, trend, months, []
    )
    report.charts = _charts(report)
    return report


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return buffer.getvalue()


def _monthly(title: str, months: list[str], series: dict[str, dict[str, float]]) -> Chart:
    figure, axis = plt.subplots(figsize=(7.5, 3))
    for label, values in series.items():
        axis.plot(
            [m[2:] for m in months], [values.get(m, 0) for m in months], marker="o", label=label
        )
    axis.set_title(title)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    axis.tick_params(axis="x", labelsize=8)
    return Chart(title, _png(figure))


def _bars(title: str, values: dict[str, float], colour: str = "#3b6ea5") -> Chart:
    figure, axis = plt.subplots(figsize=(7.5, 3))
    labels = list(values)[:15]
    axis.bar(labels, [values[k] for k in labels], color=colour)
    axis.set_title(title)
    axis.grid(axis="y", alpha=0.3)
    return Chart(title, _png(figure))


def _charts(report: SituationReport) -> list[Chart]:
    trend, months = report.trend, report.months
    return [
        _monthly(
            "Reports, rescues and repatriations by month",
            months,
            {
                "reports": trend.reports.by_month(),
                "rescues": trend.rescues.by_month(),
                "repatriations": trend.repatriations.by_month(),
                "arrests": trend.arrests.by_month(),
            },
        ),
        _bars(
            "Losses by victim country, USD (month)", report.month.losses_usd.by_country(), "#a53b3b"
        ),
        _bars("Reports by victim country (month)", report.month.reports.by_country()),
        _bars(
            "Repatriations by nationality (12 months)", trend.repatriations.by_country(), "#3ba55c"
        ),
        _bars("Arrests by nationality (12 months)", trend.arrests.by_country(), "#6b3ba5"),
        _bars("Compounds by status", {k: float(v) for k, v in trend.compounds.items()}, "#a5843b"),
    ]


FIGURE_LABELS = {
    "reports": "Victim reports",
    "losses_usd": "Losses (USD, approx.)",
    "arrests": "Arrests",
    "released": "People released",
    "rescues": "Rescues",
    "repatriations": "Repatriations",
}


def _rows(report: SituationReport) -> list[tuple[str, str]]:
    return [(FIGURE_LABELS[k], f"{v:,.0f}") for k, v in report.figures.items()]


def _syndicate_rows(report: SituationReport) -> list[tuple[str, str, str]]:
    return [
        (str(s["rank"]), str(s["reports"]), str(s["key_identifier"]))
        for s in report.trend.syndicates
    ]


def html(report: SituationReport) -> str:
    e = html_escape.escape
    figures = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _rows(report))
    syndicates = "".join(
        f"<tr><td>{e(a)}</td><td>{e(b)}</td><td><code>{e(c)}</code></td></tr>"
        for a, b, c in _syndicate_rows(report)
    )
    charts = "".join(
        f'<figure><img alt="{e(c.title)}" src="data:image/png;base64,'
        f'{base64.b64encode(c.png).decode()}"><figcaption>{e(c.title)}</figcaption></figure>'
        for c in report.charts
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Situation report {e(report.period)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em;text-align:left}}
figure{{margin:1em 0}}img{{max-width:100%}}</style></head><body>
<h1>Situation report {e(report.period)}</h1>
<p>Prepared for {e(report.audience)} on {e(report.generated_at.strftime("%Y-%m-%d %H:%M %Z"))}.
Figures count only records visible to {e(report.audience)} under their markings.</p>
<h2>The month</h2><table id="figures">{figures}</table>
<h2>Charts</h2>{charts}
<h2>Largest syndicates (12 months)</h2>
<table id="syndicates"><tr><th>rank</th><th>reports</th><th>key identifier</th></tr>
{syndicates}</table>
</body></html>
"""


def pdf(report: SituationReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Situation report {report.period}",
        author="scamgrid",
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ]
    )
    story: list[Any] = [
        Paragraph(f"Situation report {report.period}", styles["Title"]),
        Paragraph(
            f"Prepared for {report.audience} on {report.generated_at:%Y-%m-%d %H:%M}. Figures "
            f"count only records visible to {report.audience} under their markings.",
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("The month", styles["Heading2"]),
        Table(_rows(report), style=grid, hAlign="LEFT"),
        Spacer(1, 0.4 * cm),
    ]
    width = 17 * cm
    for chart in report.charts:
        story.append(Image(io.BytesIO(chart.png), width=width, height=width * 3 / 7.5))
        story.append(Spacer(1, 0.2 * cm))
    story.append(Paragraph("Largest syndicates (12 months)", styles["Heading2"]))
    rows = [("rank", "reports", "key identifier"), *_syndicate_rows(report)]
    story.append(Table(rows, style=grid, hAlign="LEFT"))
    document.build(story)
    return buffer.getvalue()
