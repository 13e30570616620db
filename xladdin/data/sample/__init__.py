"""Illustrative (not official) sample data for `xladdin demo`; see make_sample.py."""
