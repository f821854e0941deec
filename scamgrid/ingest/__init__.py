"""Readers that turn agencies' files into canonical, validated records."""
