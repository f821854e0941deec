"""`python -m scamgrid` is the `scamgrid` command."""

from scamgrid.cli import main

if __name__ == "__main__":  # worker processes (spawn) import this module too
    main()
