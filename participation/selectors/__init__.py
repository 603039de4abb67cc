"""Reads of the core that pages and other apps share (fixed number of queries)."""
