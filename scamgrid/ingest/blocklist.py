"""Blocklists as feeds: each listed site (with its wallets) becomes a report of the feed's owner.

Formats: polkadot-js/phishing (`all.json` with a `deny` list of domains, `address.json` mapping
a site to scam wallet addresses) and plain text (one domain, URL or wallet per line, `#` for
comments). Report ids derive from the feed name and the value, and the report date is the file's
modification time, so loading the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from scamgrid.errors import InvalidInput
from scamgrid.ingest.reports import RowError

FEED_NARRATIVE = "Listed as a scam or phishing site by the {feed} blocklist."


def blocklist_rows(
    path: Path, feed: str, fraud_type: str
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    listed_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")

    def row(key: str, indicators: list[dict[str, str]], note: str = "") -> dict[str, Any]:
        digest = hashlib.sha256(key.encode()).hexdigest()[:20]
        return {
            "id": f"FEED-{feed}-{digest}",
            "reported_at": listed_at,
            "channel": "web",
            "fraud_type": fraud_type,
            "marking": "TLP:CLEAR",
            "narrative": FEED_NARRATIVE.format(feed=feed) + note,
            "indicators": indicators,
        }

    if path.suffix.lower() == ".json":
        try:
            data = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as error:
            raise InvalidInput(f"{path}: not valid JSON: {error}") from None
        if isinstance(data, dict) and isinstance(data.get("deny"), list):
            for number, domain in enumerate(data["deny"], start=1):
                kind = _host_kind(str(domain))
                yield number, row(f"{kind}:{domain}", [{"type": kind, "value": str(domain)}])
            return
        if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
            for number, (site, wallets) in enumerate(sorted(data.items()), start=1):
                items = [{"type": "crypto_wallet", "value": str(w)} for w in wallets]
                if "." in site and " " not in site:
                    items.insert(0, {"type": "domain", "value": site})
                yield number, row(f"site:{site}", items, f" Site: {site}.")
            return
        raise InvalidInput(f"{path}: expected polkadot-js/phishing all.json or address.json")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            value = line.split("#", 1)[0].strip()
            if not value:
                continue
            if "://" in value or "/" in value:
                kind = "url"
            elif _host_kind(value) == "ip" or "." in value:
                kind = _host_kind(value)
            else:  # no dot: a wallet of any chain (its checksum is checked on the way in)
                kind = "crypto_wallet"
            yield number, row(f"{kind}:{value}", [{"type": kind, "value": value}])


def _host_kind(host: str) -> str:
    """`ip` for a bare IPv4/IPv6 address (lists put a few among their domains), else `domain`."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "domain"
    return "ip"
