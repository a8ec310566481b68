"""`screener serve`: a local web app over the state database (see app.py)."""
