"""kimgen: one static website per KIM plus a provincial portal."""

__version__ = "0.1.0"
