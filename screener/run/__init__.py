"""The run: discovery, the process pool, the state database, the lock, history. Edges: nothing here changes a result."""
