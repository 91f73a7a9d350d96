"""`python -m backcheck` runs the command line."""

from backcheck.cli import main

main()
