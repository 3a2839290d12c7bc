"""An example partner subgraph: a force duty system joining the national mutual aid graph."""

__version__ = "0.1.0"
