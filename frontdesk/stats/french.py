"""French formats of published figures: numbers, percentages, small counts."""

from __future__ import annotations

NARROW_NBSP, NBSP = "\u202f", "\u00a0"
SMALL_COUNT = 5  # below this, published counts read « < 5 »


def french_number(number: float, decimals: int = 0) -> str:
    """« 12 345 », « 1,5 »: narrow no-break space for thousands, decimal comma."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def french_size(size: int) -> str:
    """A size in bytes as people read it: « 12,3 Mo », « 850 Ko »."""
    if size >= 1_048_576:
        return f"{french_number(size / 1_048_576, 1)}\u00a0Mo"
    return f"{french_number(max(1, round(size / 1024)))}\u00a0Ko"


def french_percent(share: float | None, decimals: int = 1) -> str:
    """« 37,5 % » (no-break space before the sign), « – » when there is no share."""
    return "–" if share is None else f"{french_number(100 * share, decimals)}{NBSP}%"


def masked(count: int) -> str:
    """A count for publication: « < 5 » for 1 to 4, so no visitor can be singled out."""
    return f"<{NBSP}{SMALL_COUNT}" if 0 < count < SMALL_COUNT else french_number(count)


def signed_change(count: int, previous: int) -> str:
    """« +12 », « −3 », « = » (typographic minus)."""
    change = count - previous
    if change == 0:
        return "="
    return f"{'+' if change > 0 else '−'}{french_number(abs(change))}"
