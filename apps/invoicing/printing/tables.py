"""Tables: rows and cells of the document's tables, with CSS's automatic
column widths (each column between its longest word and its longest line),
cell padding, alignment and borders, as a reportlab table. A table longer
than a page goes on over the next, its header rows repeated."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table

from .styles import Style
from .table_style import commands
from .text import has_blocks, plain_text, text_widths
from .tree import Element
from .widths import column_sizes, target
from .widths import widths as column_widths

if TYPE_CHECKING:
    from .layout import Layout

SECTIONS = frozenset({"thead", "tbody", "tfoot"})


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
    widths = column_widths(cells, columns, target(style, available), available)
    rows = max((cell.row for cell in cells), default=-1) + 1
    data: list[list] = [[""] * columns for _ in range(rows)]
    for cell in cells:
        width = sum(widths[cell.column : cell.column + cell.span]) - cell.padding
        data[cell.row][cell.column] = _content(layout, cell, width)
    return Table(
        data,
        colWidths=widths,
        repeatRows=header_rows,
        style=commands(cells),
        hAlign="LEFT",
    )


def measure(layout: "Layout", element: Element, style: Style) -> tuple[float, float]:
    cells, columns, _ = _cells(layout, element, style)
    narrowest, natural = column_sizes(cells, columns)
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


def _content(layout: "Layout", cell: Cell, width: float) -> str | Flowable | list:
    style = cell.style
    if cell.text is not None:
        if style.nowrap or cell.natural - cell.padding <= width:
            return cell.text
        return "\n".join(simpleSplit(cell.text, style.font, style.font_size, width))
    if has_blocks(cell.element):
        return layout.blocks(cell.element, style, width)
    return layout.paragraph(cell.element.children, style)
