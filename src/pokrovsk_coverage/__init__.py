"""Pokrovsk Coverage: build a dataset of news coverage from raw article texts."""
__version__ = "1.0.0"
