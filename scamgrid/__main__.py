"""`python -m scamgrid` is the `scamgrid` command."""

from scamgrid.cli import main

main()
