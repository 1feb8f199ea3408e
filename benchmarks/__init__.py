"""Benchmarks: commands that print figures (``make bench``); not part of the installed bot."""
