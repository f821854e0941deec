"""CDR analytics: features over call-detail records, rules plus a model, labelled numbers.

Pipeline: `reader` (files -> canonical calls) -> `features` (one SQL definition) run by an
`engines` backend (DuckDB or Spark) -> `scoring` (declared `rules` + trained `model`) ->
one row per number. `generator` plants fraud in a synthetic operator for training and tests.
"""
