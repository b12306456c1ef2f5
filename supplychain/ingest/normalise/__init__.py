"""Per-kind value normalisers. Each maps one raw cell value to an ``Outcome``."""
