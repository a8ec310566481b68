"""Writers, one module each, registered by name in writers.py (CSV, JSONL, Parquet, the HTML report), the
run's summary text (summary.py) and `explain`, all drawn from `screener.record`."""
