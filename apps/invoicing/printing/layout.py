"""Block layout: headings, paragraphs and divisions become reportlab
paragraphs, tables become tables; vertical margins collapse as in CSS."""

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from . import tables
from .styles import Style, Stylesheet
from .tree import Element

BLOCK = frozenset(
    {"address", "div", "footer", "h1", "h2", "h3", "h4", "header", "p", "section"}
    | {"table"}
)
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_SPACE = re.compile(r"\s+")


class Layout:
    """Lays out the elements of one document with its stylesheet."""

    def __init__(self, sheet: Stylesheet) -> None:
        self.sheet = sheet

    def style(self, element: Element, parent: Style) -> Style:
        return self.sheet.style(element, parent)

    def blocks(self, element: Element, style: Style, width: float) -> list[Flowable]:
        """The flowables of ``element``'s content, ``width`` points wide."""
        flowables: list[Flowable] = []
        inline: list[Element | str] = []
        for child in element.children:
            if isinstance(child, Element) and child.tag in BLOCK:
                flowables += self.paragraph(inline, style)
                inline = []
                flowables += self._block(child, self.style(child, style), width)
            else:
                inline.append(child)
        return _collapse_margins(flowables + self.paragraph(inline, style))

    def _block(self, element: Element, style: Style, width: float) -> list[Flowable]:
        if element.tag == "table":
            content = [tables.table(self, element, style, width)]
        elif has_blocks(element):
            content = self.blocks(element, style, width)
        else:
            content = self.paragraph(element.children, style)
        return [Spacer(0, style.margin_top), *content, Spacer(0, style.margin_bottom)]

    def paragraph(self, nodes: list[Element | str], style: Style) -> list[Flowable]:
        markup = _SPACE.sub(" ", "".join(map(inline_markup, nodes))).strip()
        if not markup:
            return []
        return [Paragraph(markup, paragraph_style(style))]

    def measure(self, element: Element, style: Style) -> tuple[float, float]:
        """The narrowest and the natural width of ``element``'s content."""
        sizes = []
        inline: list[Element | str] = []
        for child in element.children:
            if isinstance(child, Element) and child.tag in BLOCK:
                sizes.append(text_widths(plain_text(inline), style))
                inline = []
                own = self.style(child, style)
                if child.tag == "table":
                    sizes.append(tables.measure(self, child, own))
                else:
                    sizes.append(self.measure(child, own))
            else:
                inline.append(child)
        sizes.append(text_widths(plain_text(inline), style))
        return max(s[0] for s in sizes), max(s[1] for s in sizes)


@lru_cache(maxsize=64)
def paragraph_style(style: Style) -> ParagraphStyle:
    return ParagraphStyle(
        f"{style.font}-{style.font_size}-{style.align}",
        fontName=style.font,
        fontSize=style.font_size,
        leading=style.leading,
        textColor=style.color,
        alignment=_ALIGN.get(style.align, TA_JUSTIFY),
    )


def has_blocks(element: Element) -> bool:
    return any(child.tag in BLOCK for child in element.elements())


def inline_markup(node: Element | str) -> str:
    """reportlab's paragraph markup for inline HTML: bold and line breaks."""
    if isinstance(node, str):
        return escape(node)
    if node.tag == "br":
        return "<br/>"
    inner = "".join(map(inline_markup, node.children))
    return f"<b>{inner}</b>" if node.tag in {"strong", "b"} else inner


def plain_text(nodes: list[Element | str]) -> str:
    """The text of inline content, with its line breaks as newlines."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(_SPACE.sub(" ", node))
        elif node.tag == "br":
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "\n".join(line.strip() for line in "".join(parts).split("\n"))


def text_widths(text: str, style: Style) -> tuple[float, float]:
    """The widths of the longest word and of the longest line of ``text``."""
    width = lambda s: stringWidth(s, style.font, style.font_size)  # noqa: E731
    lines = [width(line) for line in text.split("\n")]
    if style.nowrap:
        return max(lines), max(lines)
    return max(map(width, text.split()), default=0.0), max(lines)


def _collapse_margins(flowables: list[Flowable]) -> list[Flowable]:
    """Adjacent vertical margins take the larger one, not the sum."""
    collapsed: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, Spacer) and collapsed:
            last = collapsed[-1]
            if isinstance(last, Spacer):
                last.height = max(last.height, flowable.height)
                continue
        collapsed.append(flowable)
    return collapsed
