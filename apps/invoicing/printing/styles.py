"""Computed styles: the cascade of the document's rules over an element,
with the inherited properties taken from its parent."""

from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor, black

from .stylesheet import Rule, length, rules
from .tree import Element

Border = tuple[float, Color] | None

# What the PDF shows of a stylesheet. The font is always Helvetica, and
# tables' borders always collapse, as the invoice's stylesheet asks.
PROPERTIES = frozenset(
    {"font-size", "font-weight", "color", "text-align", "white-space"}
    | {"vertical-align", "width", "padding", "margin", "margin-top"}
    | {"margin-bottom", "border", "border-top", "border-bottom"}
    | {"font-family", "border-collapse"}
)


@dataclass(frozen=True)
class Style:
    font_size: float = 12.0
    bold: bool = False
    color: Color = black
    align: str = "left"
    nowrap: bool = False
    padding: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    margin_top: float = 0.0
    margin_bottom: float = 0.0
    border_top: Border = None
    border_bottom: Border = None
    valign: str = "middle"
    width: str = "auto"

    @property
    def font(self) -> str:
        return "Helvetica-Bold" if self.bold else "Helvetica"

    @property
    def leading(self) -> float:
        return round(self.font_size * 1.2, 2)

    def inherited(self) -> "Style":
        """What a child starts from: the inherited properties only."""
        return Style(
            font_size=self.font_size,
            bold=self.bold,
            color=self.color,
            align=self.align,
            nowrap=self.nowrap,
        )


class Stylesheet:
    """The document's rules, and the styles computed with them so far: every
    invoice has the same elements, so after the first one each style is a
    look-up."""

    def __init__(self, css: str) -> None:
        self.rules = rules(css)
        self._computed: dict[tuple, Style] = {}

    def style(self, element: Element, parent: Style) -> Style:
        key = (element.path, parent)
        if key not in self._computed:
            self._computed[key] = compute(element, parent, self.rules)
        return self._computed[key]


@lru_cache(maxsize=8)
def stylesheet(css: str) -> Stylesheet:
    return Stylesheet(css)


def compute(element: Element, parent: Style, rules: tuple[Rule, ...]) -> Style:
    declared: dict[str, str] = {}
    for rule in rules:
        if rule.matches(element):
            declared.update(rule.declarations)
    style = parent.inherited()
    if "font-size" in declared:
        style = replace(style, font_size=length(declared["font-size"], style.font_size))
    changes = {}
    for name, value in declared.items():
        changes |= _property(name, value.lower(), style.font_size)
    return replace(style, **changes)


def _property(name: str, value: str, em: float) -> dict:  # noqa: PLR0911
    match name:
        case "font-weight":
            return {"bold": value in {"bold", "bolder", "600", "700", "800", "900"}}
        case "color":
            return {"color": colour(value)}
        case "text-align":
            return {"align": value}
        case "white-space":
            return {"nowrap": value == "nowrap"}
        case "vertical-align":
            return {"valign": value}
        case "width":
            return {"width": value}
        case "padding":
            return {"padding": _box(value, em)}
        case "margin":
            top, _, bottom, _ = _box(value, em)
            return {"margin_top": top, "margin_bottom": bottom}
        case "margin-top" | "margin-bottom":
            return {name.replace("-", "_"): length(value, em)}
        case "border":
            return {"border_top": _border(value), "border_bottom": _border(value)}
        case "border-top" | "border-bottom":
            return {name.replace("-", "_"): _border(value)}
    return {}


def _box(value: str, em: float) -> tuple[float, float, float, float]:
    """CSS's one to four value shorthand: top, right, bottom, left."""
    sizes = [length(part, em) for part in value.split()][:4] or [0.0]
    top = sizes[0]
    right = sizes[1] if len(sizes) > 1 else top
    bottom = sizes[2] if len(sizes) > 2 else top
    left = sizes[3] if len(sizes) > 3 else right
    return (top, right, bottom, left)


def _border(value: str) -> Border:
    parts = value.split()
    if not parts or "none" in parts or "hidden" in parts:
        return None
    width = next((length(p, 12) for p in parts if p[0].isdigit()), 1.0)
    color = next((colour(p) for p in parts if p.startswith("#")), black)
    return (width, color)


def colour(value: str) -> Color:
    if value.startswith("#") and len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    try:
        return HexColor(value)
    except (ValueError, TypeError):
        return black
