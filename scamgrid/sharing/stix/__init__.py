"""STIX 2.1: scamgrid's records as standard threat-intelligence objects, out and in."""
