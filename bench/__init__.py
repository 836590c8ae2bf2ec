"""Benchmarks: performance targets are measured here, never in timed unit tests."""
