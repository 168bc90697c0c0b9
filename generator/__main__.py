"""`python -m generator` runs the policynote command line."""

from .cli import main

main()
