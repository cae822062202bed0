"""Inline content: its markup for a reportlab paragraph, its plain text,
and how wide it is."""

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from .styles import Style
from .tree import Element

BLOCK = frozenset(
    {"address", "div", "footer", "h1", "h2", "h3", "h4", "header", "p", "section"}
    | {"table"}
)
INLINE = frozenset({"strong", "b", "br", "span"})
TABLE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
HEAD = frozenset({"html", "head", "meta", "title", "style", "body"})
SPACE = re.compile(r"\s+")


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
            parts.append(SPACE.sub(" ", node))
        elif node.tag == "br":
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "\n".join(line.strip() for line in "".join(parts).split("\n"))


def text_widths(text: str, style: Style) -> tuple[float, float]:
    """The widths of the longest word and of the longest line of ``text``."""
    return _widths(text, style.font, style.font_size, style.nowrap)


@lru_cache(maxsize=4096)
def _widths(text: str, font: str, size: float, nowrap: bool) -> tuple[float, float]:
    lines = [stringWidth(line, font, size) for line in text.split("\n")]
    if nowrap:
        return max(lines), max(lines)
    words = (stringWidth(word, font, size) for word in text.split())
    return max(words, default=0.0), max(lines)
