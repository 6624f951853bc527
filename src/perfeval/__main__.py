"""`python -m perfeval`."""

from perfeval.cli import main

main()
