"""TAXII 2.1: the server other nodes, OpenCTI and MISP read and write over HTTP."""
