"""`python -m supplychain.cli` runs the command line."""

from supplychain.cli import main

main()
