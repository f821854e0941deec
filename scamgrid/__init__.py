"""scamgrid: pool, match and analyse scam signals across agencies and borders."""

__version__ = "0.1.0"
