"""Small stores for link analysis: syndicates of reports with planted hubs, on both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scamgrid.ingest.load import ingest_reports
from tests.factories import agencies_and_groups, report, write_jsonl

HOTLINE = {"type": "phone", "value": "02 888 8888", "country": "TH"}  # +6628888888


def gang_report(gang: int, serial: int, *extra: dict[str, str], **fields: Any) -> dict[str, Any]:
    """A report of syndicate `gang`: its phone, and its bank account on every other report."""
    indicators: list[dict[str, str]] = [
        {"type": "phone", "value": f"08{gang}1234567", "country": "TH"}
    ]
    if serial % 2 == 0:
        indicators.append(
            {
                "type": "bank_account",
                "value": f"{gang}{gang}3456789{gang}",
                "bank": "KBANK",
                "country": "TH",
            }
        )
    indicators += extra
    return report(f"TH-CCIB-2025-{gang:02d}{serial:04d}", indicators=indicators, **fields)


def gangs(count: int = 6, size: int = 4) -> list[dict[str, Any]]:
    """`count` syndicates of `size` reports; the first report of each also cites the hotline."""
    return [
        gang_report(g, s, *([HOTLINE] if s == 0 else []))
        for g in range(1, count + 1)
        for s in range(size)
    ]


def store_reports(db_url: str, tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    agencies_and_groups(db_url)
    summary = ingest_reports(write_jsonl(tmp_path / "reports.jsonl", rows), url=db_url)
    assert summary.rejected == 0, summary.errors
