"""Node-to-node federation over TAXII 2.1: peers, cursors, provenance, revocations."""
