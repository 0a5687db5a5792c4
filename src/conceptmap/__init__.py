"""conceptmap: a curated graph of machine-learning concepts and the shallowest path through it."""

__version__ = "0.1.0"
