"""Benchmarks that print figures; run by ``make bench``. Not installed with the product."""
