"""Documentation is tested: the settings reference is generated, and every setting is read."""

from __future__ import annotations

from pathlib import Path

from scamgrid import settings

ROOT = Path(__file__).parents[2]


def test_settings_reference_is_up_to_date() -> None:
    expected = settings.markdown_table()
    actual = (ROOT / "docs" / "settings.md").read_text()
    assert actual == expected, "run: .venv/bin/python -m scamgrid.settings > docs/settings.md"


def test_every_scamgrid_variable_in_the_code_is_a_declared_setting() -> None:
    declared = {s.name for s in settings.SETTINGS}
    used: set[str] = set()
    for path in (ROOT / "scamgrid").rglob("*.py"):
        text = path.read_text()
        for part in text.split('"')[1::2]:
            if part.startswith("SCAMGRID_") and part.isupper():
                used.add(part)
    assert used <= declared, f"undeclared settings: {sorted(used - declared)}"


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().splitlines()[:8]
    assert any("make demo" in line for line in head)
    assert any("make test" in line for line in head)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
