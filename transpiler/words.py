"""Counts in user-facing text: ``1 file``, ``2 files``."""


def counted(count, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one
    (``plural`` for nouns that do not just take an ``s``)."""
    word = noun if count in (1, "1") else (plural or noun + "s")
    return f"{count} {word}"
