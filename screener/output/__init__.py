"""Writers: one record per screened file (records.py), rendered as CSV, JSONL or explain text."""
