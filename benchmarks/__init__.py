"""Benchmarks of the hub (`make bench`); never part of `make test`."""
