"""Block layout: headings, paragraphs and divisions become reportlab
paragraphs, tables become tables; vertical margins collapse as in CSS."""

from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from . import tables
from .styles import Style, Stylesheet
from .text import BLOCK, SPACE, has_blocks, inline_markup, plain_text, text_widths
from .tree import Element

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


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
        markup = SPACE.sub(" ", "".join(map(inline_markup, nodes))).strip()
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
