"""ceasefire: political events, quotes and actors from raw news, offline."""

__version__ = "0.1.0"
