"""The part of CSS 2 that the invoice's stylesheet uses, read from the
document's own ``<style>``: type, class and descendant selectors; font size
and weight, colour, text alignment, white space, padding, margins and
top/bottom borders. Screen-only rules (``@media screen``) are skipped, as a
printer would; anything else is ignored."""

import re
from dataclasses import dataclass

from .tree import Element

# What a browser does without a stylesheet, as far as the document needs it.
USER_AGENT = """
h1 { font-size: 2em; font-weight: bold; margin: 0.67em 0; }
p { margin: 1em 0; }
th, strong, b { font-weight: bold; }
td, th { padding: 1px; }
"""
INHERITED = frozenset(
    {"font-size", "font-weight", "color", "text-align", "white-space"}
)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_AT_BLOCK = re.compile(r"@(media|page)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.S)
_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_PAGE_MARGIN = re.compile(r"@page\s*\{[^}]*?margin\s*:\s*([^;}]+)")
_UNITS = {"pt": 1.0, "px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}

Compound = tuple[str | None, frozenset[str]]


@dataclass(frozen=True)
class Rule:
    selector: tuple[Compound, ...]
    rank: tuple[int, int, int]  # classes, types, source order
    declarations: tuple[tuple[str, str], ...]

    def matches(self, element: Element) -> bool:
        *ancestors, last = self.selector
        if not _is(element, last):
            return False
        node = element.parent
        for compound in reversed(ancestors):
            while node is not None and not _is(node, compound):
                node = node.parent
            if node is None:
                return False
            node = node.parent
        return True


def _is(element: Element, compound: Compound) -> bool:
    tag, classes = compound
    return (tag is None or element.tag == tag) and classes <= set(element.classes)


def _compound(text: str) -> Compound:
    tag, *classes = text.split(".")
    return (tag or None, frozenset(classes))


def rules(css: str) -> tuple[Rule, ...]:
    """The rules of ``css`` after the user agent's, in cascade order."""
    found = []
    text = _AT_BLOCK.sub("", _COMMENT.sub("", USER_AGENT + css))
    for selectors, body in _RULE.findall(text):
        declarations = tuple(
            (name.strip().lower(), value.strip())
            for name, _, value in (d.partition(":") for d in body.split(";"))
            if value.strip()
        )
        for selector in selectors.split(","):
            compounds = tuple(map(_compound, selector.split()))
            classes = sum(len(c[1]) for c in compounds)
            types = sum(c[0] is not None for c in compounds)
            found.append(Rule(compounds, (classes, types, len(found)), declarations))
    return tuple(sorted(found, key=lambda rule: rule.rank))


def page_margin(css: str) -> float:
    match = _PAGE_MARGIN.search(_COMMENT.sub("", css))
    return length(match.group(1).split()[0], 10) if match else 2 * _UNITS["cm"]


def length(value: str, font_size: float) -> float:
    """A CSS length in points (em relative to ``font_size``)."""
    match = re.fullmatch(r"(-?[\d.]+)([a-z]*)", value.strip())
    if match is None:
        return 0.0
    number, unit = float(match.group(1)), match.group(2)
    if unit == "em":
        return number * font_size
    return number * _UNITS.get(unit, 1.0)
