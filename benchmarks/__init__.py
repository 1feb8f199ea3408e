"""Benchmarks: speed figures printed by commands (``make bench``), never timed tests."""
