"""CSS's automatic table layout: each column between its longest word and
its longest line; a table of a set width shares the rest in proportion."""

from typing import TYPE_CHECKING

from .styles import Style

if TYPE_CHECKING:
    from .tables import Cell


def column_sizes(cells: list["Cell"], columns: int) -> tuple[list[float], list[float]]:
    narrowest, natural = [0.0] * columns, [0.0] * columns
    for cell in sorted(cells, key=lambda c: c.span):
        span = slice(cell.column, cell.column + cell.span)
        for sizes, need in ((narrowest, cell.narrowest), (natural, cell.natural)):
            missing = need - sum(sizes[span])
            if missing > 0:
                for index in range(span.start, span.stop):
                    sizes[index] += missing / cell.span
    return narrowest, natural


def target(style: Style, available: float) -> float | None:
    """The table's width, or None to shrink to fit (at most ``available``)."""
    if style.width.endswith("%"):
        return available * float(style.width[:-1]) / 100
    return None if style.width == "auto" else available


def widths(
    cells: list["Cell"], columns: int, target: float | None, available: float
) -> list[float]:
    narrowest, natural = column_sizes(cells, columns)
    if target is None:
        if sum(natural) <= available:
            return natural
        target = available
    if sum(natural) <= target:
        extra = target - sum(natural)
        total = sum(natural) or columns
        return [n + extra * (n or 1) / total for n in natural]
    room = max(0.0, target - sum(narrowest))
    spread = sum(b - a for a, b in zip(narrowest, natural, strict=True)) or 1
    return [
        a + room * (b - a) / spread for a, b in zip(narrowest, natural, strict=True)
    ]
