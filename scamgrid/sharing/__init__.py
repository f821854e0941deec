"""Agencies, sharing groups, markings, audit, and the exchange formats between nodes."""
