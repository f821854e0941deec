"""The vocabulary of scamgrid: every enumerated value lives here and nowhere else."""
