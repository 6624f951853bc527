"""`python -m perfeval`."""

from perfeval.cli.app import main

main()
