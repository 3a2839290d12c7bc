"""A coordinator's client of the graph on the test's database (as tests/costs has)."""

from tests.costs.conftest import graph

__all__ = ["graph"]
