"""One-line factories for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scamgrid.sharing import agencies
from scamgrid.store import database


def report(id: str = "TH-CCIB-2025-000001", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "agency": "TH-CCIB",
        "country": "TH",
        "reported_at": "2025-02-03T10:15:00+07:00",
        "channel": "call",
        "fraud_type": "impersonation",
        "loss": {"amount": 125000, "currency": "THB"},
        "narrative": "Caller said he was a police officer.",
        "marking": "TLP:GREEN",
        "victim": {"name": "Somchai Jaidee", "phone": "0891112222", "id_number": "1103700012345"},
        "indicators": [
            {"type": "phone", "value": "081 234 5678", "country": "TH"},
            {"type": "bank_account", "value": "123-4-56789-0", "bank": "KBANK", "country": "TH"},
            {"type": "crypto_wallet", "value": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
            {"type": "url", "value": "hxxps://secure-verify[.]top/login"},
            {"type": "telegram", "value": "t.me/some_handle"},
        ],
    }
    base.update(fields)
    return base


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def agencies_and_groups(url: str) -> None:
    """TH-CCIB, CN-MPS and MM-MPF; TH and CN share AMBER in group 'th-cn'."""
    with database.session(url) as session:
        agencies.add_agency(session, "TH-CCIB", "Cyber Crime Investigation Bureau", "TH")
        agencies.add_agency(session, "CN-MPS", "Ministry of Public Security", "CN")
        agencies.add_agency(session, "MM-MPF", "Myanmar Police Force", "MM")
        agencies.add_sharing_group(session, "th-cn", ["TH-CCIB", "CN-MPS"])
