"""`python -m screener` is the same as the `screener` command."""

from screener.cli import main

main()
