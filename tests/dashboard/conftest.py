"""The fixture operation and its graph, as the resolvers' tests use them."""

from tests.resolvers.conftest import fixture_counts, graph

__all__ = ["fixture_counts", "graph"]
