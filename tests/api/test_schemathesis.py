"""Property-based API testing with schemathesis against a real server (bounded in time).

Runs the `st` command line (the tool's own runner) so its checks are exactly the tool's: no 5xx
anywhere and every response conforming to the OpenAPI schema.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import Node

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_or_schema_violation(node: Node, tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.fail("schemathesis is not installed (it is a dev dependency)")
    result = subprocess.run(
        [
            st,
            "run",
            f"{node.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {node.tokens['TH-CCIB:admin']}",
            "--checks",
            CHECKS,
            "--max-examples",
            "15",
            "--max-time",
            "60",
            "--seed",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
            "--warnings",
            "off",
            "--no-shrink",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
