"""Tables: rows and cells of the document's tables, with CSS's automatic
column widths (each column between its longest word and its longest line),
cell padding, alignment and borders, as a reportlab table. A table longer
than a page goes on over the next, its header rows repeated."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table

from .styles import Style
from .text import has_blocks, plain_text, text_widths
from .tree import Element

if TYPE_CHECKING:
    from .layout import Layout

SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


@dataclass
class Cell:
    element: Element
    style: Style
    row: int
    column: int
    span: int
    text: str | None = None  # of a cell of plain text
    narrowest: float = 0.0
    natural: float = 0.0

    @property
    def padding(self) -> float:
        return self.style.padding[1] + self.style.padding[3]


def table(layout: "Layout", element: Element, style: Style, available: float) -> Table:
    cells, columns, header_rows = _cells(layout, element, style)
    widths = _widths(cells, columns, _target(style, available), available)
    rows = max((cell.row for cell in cells), default=-1) + 1
    data: list[list] = [[""] * columns for _ in range(rows)]
    for cell in cells:
        width = sum(widths[cell.column : cell.column + cell.span]) - cell.padding
        data[cell.row][cell.column] = _content(layout, cell, width)
    return Table(
        data,
        colWidths=widths,
        repeatRows=header_rows,
        style=_commands(cells),
        hAlign="LEFT",
    )


def measure(layout: "Layout", element: Element, style: Style) -> tuple[float, float]:
    cells, columns, _ = _cells(layout, element, style)
    narrowest, natural = _column_sizes(cells, columns)
    return sum(narrowest), sum(natural)


def _rows(element: Element) -> list[tuple[Element, Element]]:
    """(row, its section or the table) in document order."""
    rows = []
    for child in element.elements():
        if child.tag == "tr":
            rows.append((child, element))
        elif child.tag in SECTIONS:
            rows += [(tr, child) for tr in child.elements() if tr.tag == "tr"]
    return rows


def _cells(
    layout: "Layout", element: Element, style: Style
) -> tuple[list[Cell], int, int]:
    cells: list[Cell] = []
    sections: dict[int, Style] = {id(element): style}
    columns = header_rows = 0
    for number, (tr, section) in enumerate(_rows(element)):
        if id(section) not in sections:
            sections[id(section)] = layout.style(section, style)
        row_style = layout.style(tr, sections[id(section)])
        header_rows += section.tag == "thead"
        column = 0
        for td in tr.elements():
            if td.tag not in {"td", "th"}:
                continue
            cell = Cell(
                td, _cell_style(layout, td, row_style), number, column, _span(td)
            )
            cell.narrowest, cell.natural = _measure(layout, cell)
            cells.append(cell)
            column += cell.span
        columns = max(columns, column)
    return cells, columns, header_rows


def _cell_style(layout: "Layout", td: Element, row: Style) -> Style:
    style = layout.style(td, row)
    return replace(style, bold=True) if _only_bold(td) else style


def _only_bold(td: Element) -> bool:
    """A cell whose whole text is one ``<strong>``: bold, and plain text."""
    elements = td.elements()
    texts = [c for c in td.children if isinstance(c, str) and c.strip()]
    return len(elements) == 1 and elements[0].tag in {"strong", "b"} and not texts


def _span(td: Element) -> int:
    try:
        return max(1, int(td.attrs.get("colspan", "1")))
    except ValueError:
        return 1


def _measure(layout: "Layout", cell: Cell) -> tuple[float, float]:
    if _plain(cell.element):
        cell.text = plain_text(cell.element.children)
        narrowest, natural = text_widths(cell.text, cell.style)
    else:
        narrowest, natural = layout.measure(cell.element, cell.style)
    return narrowest + cell.padding, natural + cell.padding


def _plain(td: Element) -> bool:
    """Text and line breaks only, or all of it bold: one font for the cell."""
    return _only_bold(td) or all(child.tag == "br" for child in td.elements())


def _column_sizes(cells: list[Cell], columns: int) -> tuple[list[float], list[float]]:
    narrowest, natural = [0.0] * columns, [0.0] * columns
    for cell in sorted(cells, key=lambda c: c.span):
        span = slice(cell.column, cell.column + cell.span)
        for sizes, need in ((narrowest, cell.narrowest), (natural, cell.natural)):
            missing = need - sum(sizes[span])
            if missing > 0:
                for index in range(span.start, span.stop):
                    sizes[index] += missing / cell.span
    return narrowest, natural


def _target(style: Style, available: float) -> float | None:
    """The table's width, or None to shrink to fit (at most ``available``)."""
    if style.width.endswith("%"):
        return available * float(style.width[:-1]) / 100
    return None if style.width == "auto" else available


def _widths(
    cells: list[Cell], columns: int, target: float | None, available: float
) -> list[float]:
    narrowest, natural = _column_sizes(cells, columns)
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


def _content(layout: "Layout", cell: Cell, width: float) -> str | Flowable | list:
    style = cell.style
    if cell.text is not None:
        if style.nowrap or cell.natural - cell.padding <= width:
            return cell.text
        return "\n".join(simpleSplit(cell.text, style.font, style.font_size, width))
    if has_blocks(cell.element):
        return layout.blocks(cell.element, style, width)
    return layout.paragraph(cell.element.children, style)


def _commands(cells: list[Cell]) -> list[tuple]:
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


def _runs(cells: list[Cell]) -> list[tuple[tuple, int, int, int]]:
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


def _cell_commands(cell: Cell) -> list[tuple]:
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
