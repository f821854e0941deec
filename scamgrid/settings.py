"""Every SCAMGRID_* setting, read in one place with a typed default.

The table in docs/settings.md is generated from SETTINGS (tests check it stays in step).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


HOME = Setting(
    "SCAMGRID_HOME", "./var", "Folder for the SQLite file, Parquet lake, keys and models."
)
DATABASE_URL = Setting(
    "SCAMGRID_DATABASE_URL",
    "",
    "SQLAlchemy URL of the store; empty means SQLite at $SCAMGRID_HOME/scamgrid.db.",
)
NODE_NAME = Setting(
    "SCAMGRID_NODE_NAME", "local", "Name of this node in federation and provenance."
)
SPARK_MASTER = Setting("SCAMGRID_SPARK_MASTER", "local[*]", "Spark master URL for --engine spark.")
DEFAULT_COUNTRY = Setting(
    "SCAMGRID_DEFAULT_COUNTRY", "", "Country hint (ISO 3166 alpha-2) for local phone formats."
)
PUBLIC_RATE_LIMIT = Setting(
    "SCAMGRID_PUBLIC_RATE_LIMIT", "60", "Public endpoint requests allowed per client per minute."
)

DATA_DIR = Setting(
    "SCAMGRID_DATA_DIR",
    "",
    "Folder of the public labelled data sets; empty means the shared/data folder beside the"
    " repository (falling back to /work/shared/data).",
)

TOKEN_CACHE_SECONDS = Setting(
    "SCAMGRID_TOKEN_CACHE_SECONDS",
    "10",
    "How long the API trusts an authenticated token before checking it again (revocation delay"
    " across processes).",
)

CDR_MEMORY_LIMIT = Setting(
    "SCAMGRID_CDR_MEMORY_LIMIT",
    "4GB",
    "Memory DuckDB may use for CDR analytics before spilling to $SCAMGRID_HOME/tmp.",
)

INGEST_WORKERS = Setting(
    "SCAMGRID_INGEST_WORKERS",
    "1",
    "Processes that validate big ingest files while the main one writes (1: no extra process).",
)

FEDERATION_INTERVAL = Setting(
    "SCAMGRID_FEDERATION_INTERVAL",
    "300",
    "Seconds between background syncs with every peer while `scamgrid serve` runs (0: off).",
)

GRAPH_HUB_GROUPS = Setting(
    "SCAMGRID_GRAPH_HUB_GROUPS",
    "4",
    "An identifier cited by reports of at least this many unrelated groups (effective number)"
    " is a hub: it links no reports into a syndicate.",
)
GRAPH_HUB_ALLOWLIST = Setting(
    "SCAMGRID_GRAPH_HUB_ALLOWLIST",
    "",
    "Comma-separated TYPE:VALUE identifiers (canonical) that are always hubs, e.g."
    " domain:facebook.com,phone:+6628888888.",
)
GRAPH_SPLIT_REPORTS = Setting(
    "SCAMGRID_GRAPH_SPLIT_REPORTS",
    "2000",
    "Linked groups with more reports than this are split into communities (Leiden).",
)
GRAPH_WARMING = Setting(
    "SCAMGRID_GRAPH_WARMING",
    "1",
    "Analyse each agency's link graph in the background when the server starts, so /graph opens"
    " at once (0: off; the analysis holds the interpreter for seconds, so a worker that must"
    " answer look-ups in milliseconds, e.g. for operators, runs with it off).",
)
MONEY_TOLERANCE = Setting(
    "SCAMGRID_MONEY_TOLERANCE",
    "0.1",
    "Share of an amount a money trace allows to be lost (fees) or mixed at each hop.",
)
MONEY_WINDOW_HOURS = Setting(
    "SCAMGRID_MONEY_WINDOW_HOURS",
    "72",
    "How long after receiving funds an onward transfer still counts as moving them.",
)

SETTINGS: tuple[Setting, ...] = (
    HOME,
    DATABASE_URL,
    NODE_NAME,
    SPARK_MASTER,
    DEFAULT_COUNTRY,
    PUBLIC_RATE_LIMIT,
    TOKEN_CACHE_SECONDS,
    INGEST_WORKERS,
    DATA_DIR,
    CDR_MEMORY_LIMIT,
    FEDERATION_INTERVAL,
    GRAPH_HUB_GROUPS,
    GRAPH_HUB_ALLOWLIST,
    GRAPH_SPLIT_REPORTS,
    GRAPH_WARMING,
    MONEY_TOLERANCE,
    MONEY_WINDOW_HOURS,
)


def home() -> Path:
    path = Path(HOME.get())
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    url = DATABASE_URL.get()
    if url:
        return url
    return f"sqlite:///{home() / 'scamgrid.db'}"


def data_dir() -> Path:
    """The public data sets (`../shared/data` beside the repository unless SCAMGRID_DATA_DIR)."""
    configured = DATA_DIR.get()
    if configured:
        return Path(configured)
    beside_repo = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
    return beside_repo if beside_repo.is_dir() else Path("/work/shared/data")


def markdown_table() -> str:
    """The settings reference (docs/settings.md is this text; a test keeps them equal)."""
    lines = [
        "# Settings",
        "",
        "Every setting is an environment variable (generated from `scamgrid/settings.py`).",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        lines.append(f"| `{setting.name}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
