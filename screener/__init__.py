"""screener: local resume screening that tells AI engineers from ML engineers, with evidence."""

__version__ = "0.1.0"
