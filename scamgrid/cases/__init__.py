"""Casework: victim reports, rescues, repatriation, screening, operations and statistics."""
