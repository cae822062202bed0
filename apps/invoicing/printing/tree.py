"""The rendered document as a small tree of elements, read with the
standard library's HTML parser (the template writes well-formed HTML)."""

from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser

VOID = frozenset({"br", "meta", "link", "img", "hr", "input", "col"})


@dataclass(eq=False)
class Element:
    tag: str
    classes: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)
    parent: "Element | None" = None

    @cached_property
    def path(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Its tag and classes and those of its ancestors: all that selectors
        see of it."""
        own = ((self.tag, self.classes),)
        return own if self.parent is None else self.parent.path + own

    def find(self, tag: str) -> "Element | None":
        for child in self.elements():
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found is not None:
                return found
        return None

    def elements(self) -> list["Element"]:
        return [child for child in self.children if isinstance(child, Element)]

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text() for child in self.children
        )


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = Element(
            tag, tuple(values.get("class", "").split()), values, [], self.open[-1]
        )
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
