"""A table's reportlab style from its cells' computed styles."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tables import Cell

_VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


def commands(cells: list["Cell"]) -> list[tuple]:
    """reportlab's table style: each property once per block of cells that
    share its value (rows of equal runs of columns)."""
    rows: dict[tuple, list[int]] = {}
    for command, row, first, last in _runs(cells):
        rows.setdefault((command, first, last), []).append(row)
    commands = [
        (name, (first, top), (last, bottom), *values)
        for ((name, *values), first, last), found in rows.items()
        for top, bottom in _ranges(found)
    ]
    commands += [
        ("SPAN", (c.column, c.row), (c.column + c.span - 1, c.row))
        for c in cells
        if c.span > 1
    ]
    return commands


def _runs(cells: list["Cell"]) -> list[tuple[tuple, int, int, int]]:
    """(command, row, first column, last column) for each run of adjacent
    cells of a row with the same command."""
    runs: list[tuple[tuple, int, int, int]] = []
    open_runs: dict[tuple, int] = {}  # command -> index of its latest run
    for cell in cells:
        last = cell.column + cell.span - 1
        for command in _cell_commands(cell):
            index = open_runs.get(command)
            if index is not None:
                _, row, first, end = runs[index]
                if row == cell.row and end == cell.column - 1:
                    runs[index] = (command, row, first, last)
                    continue
            open_runs[command] = len(runs)
            runs.append((command, cell.row, cell.column, last))
    return runs


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (top, bottom) ranges."""
    ranges: list[tuple[int, int]] = []
    for row in rows:
        if ranges and ranges[-1][1] == row - 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


def _cell_commands(cell: "Cell") -> list[tuple]:
    style = cell.style
    top, right, bottom, left = style.padding
    commands = [
        ("FONT", style.font, style.font_size, style.leading),
        ("TEXTCOLOR", style.color),
        ("ALIGN", style.align.upper()),
        ("VALIGN", _VALIGN.get(style.valign, "MIDDLE")),
        ("LEFTPADDING", left),
        ("RIGHTPADDING", right),
        ("TOPPADDING", top),
        ("BOTTOMPADDING", bottom),
    ]
    if style.border_top:
        commands.append(("LINEABOVE", *style.border_top))
    if style.border_bottom:
        commands.append(("LINEBELOW", *style.border_bottom))
    return commands
