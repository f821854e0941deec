"""Detectors: call-detail records (cdr) and messages (text)."""
