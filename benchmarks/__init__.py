"""Benchmarks: commands that print figures; never run as tests."""
