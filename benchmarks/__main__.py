"""Run benchmarks: `python -m benchmarks` (all) or `python -m benchmarks NAME [NAME...]`."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def run(names: list[str]) -> None:
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        module.main()
        print(f"-- {name} took {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    wanted = sys.argv[1:] or available()
    unknown = sorted(set(wanted) - set(available()))
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")
    run(wanted)
