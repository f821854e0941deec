"""Benchmarks: each `bench_<name>.py` has a `main()` printing its figure beside a baseline."""
