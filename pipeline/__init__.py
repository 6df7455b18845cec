"""wirefacts: election events, vote results and attributed claims from wire-news articles."""

__version__ = "0.1.0"
