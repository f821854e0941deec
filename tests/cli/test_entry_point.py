"""The `scamgrid` entry point loads only the command group a command needs."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

import typer

from scamgrid.cli import COMMAND_MODULES


def test_each_module_registers_exactly_the_names_the_entry_point_routes_to_it() -> None:
    for module, names in COMMAND_MODULES.items():
        app = typer.Typer()
        import_module(f"scamgrid.cli.{module}").register(app)
        registered = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
        registered |= {g.name for g in app.registered_groups if g.name}
        assert registered == set(names), module


def test_a_light_command_does_not_import_the_heavy_groups() -> None:
    probe = (
        "import sys\n"
        "from scamgrid.cli import main\n"
        "try:\n"
        "    main(['normalize', 'phone', '081 234 5678', '--country', 'TH'])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "heavy = {'sklearn', 'matplotlib', 'pypinyin', 'igraph', 'duckdb'} & set(sys.modules)\n"
        "print('heavy:', sorted(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "+66812345678" in result.stdout
    assert "heavy: []" in result.stdout


def test_commands_that_are_alone_in_their_module_still_run_as_subcommands() -> None:
    for command in ("serve", "lookup", "normalize"):  # the first two are alone in theirs
        result = subprocess.run(
            [sys.executable, "-m", "scamgrid", command, "--help"], capture_output=True, text=True
        )
        assert result.returncode == 0, (command, result.stderr)
        assert f"scamgrid {command}" in result.stdout


def test_help_lists_every_command_group() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scamgrid", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for names in COMMAND_MODULES.values():
        for name in names:
            assert name in result.stdout
