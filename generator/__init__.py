"""policynote: build policy publications from YAML source records."""

__version__ = "0.1.0"
