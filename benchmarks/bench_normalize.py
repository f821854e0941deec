"""Identifier normalisation: values/s over a realistic mix of surface forms, first sight
(uncached) and repeated (cached), beside a bare phonenumbers parse+format loop.

    .venv/bin/python -m benchmarks normalize
"""

from __future__ import annotations

import contextlib
import time

import phonenumbers

from scamgrid.demo.world import build_world
from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import _clean, clean


def main() -> None:
    world = build_world(seed=3, reports=20_000)
    items = [
        (i["type"], i["value"], i.get("country") or r.get("country"), i.get("bank"))
        for r in world.reports
        for i in r["indicators"]
    ]
    phones = [(v, c) for t, v, c, _ in items if t == "phone"]
    distinct = len(set(items))

    _clean.cache_clear()
    started = time.perf_counter()
    for kind, value, country, bank in items:
        clean(kind, value, country=country, bank=bank)
    first = len(items) / (time.perf_counter() - started)
    started = time.perf_counter()
    for kind, value, country, bank in items:
        clean(kind, value, country=country, bank=bank)
    repeated = len(items) / (time.perf_counter() - started)

    _clean.cache_clear()
    started = time.perf_counter()
    for value, country in phones:
        try:
            number = phonenumbers.parse(value, country)
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    baseline = len(phones) / (time.perf_counter() - started)
    started = time.perf_counter()
    for value, country in phones:
        clean("phone", value, country=country)
    ours_phone = len(phones) / (time.perf_counter() - started)
    unique = sorted(set(items), key=str)
    _clean.cache_clear()
    started = time.perf_counter()
    for kind, value, country, bank in unique:
        with contextlib.suppress(InvalidIdentifier):
            clean(kind, value, country=country, bank=bank)
    cold = len(unique) / (time.perf_counter() - started)
    print(
        f"normalise, every value new (no cache help): {cold:,.0f} values/s over "
        f"{len(unique):,} distinct surface forms"
    )
    print(
        f"normalise: {first:,.0f} values/s first pass, {repeated:,.0f} values/s repeated "
        f"(cached) over {len(items):,} demo identifiers ({distinct:,} distinct surface forms)"
    )
    print(
        f"phones: clean {ours_phone:,.0f}/s (validates, digits of 5 scripts, cache) vs bare "
        f"phonenumbers parse+format {baseline:,.0f}/s; ratio {ours_phone / baseline:.2f}x"
    )
