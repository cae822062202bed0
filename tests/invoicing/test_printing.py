"""The PDF layout reads the document's own HTML and stylesheet: what the
invoice template says about the page is what the PDF shows."""

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import HexColor

from apps.invoicing.printing.render import render
from apps.invoicing.printing.styles import Style, stylesheet
from apps.invoicing.printing.tree import parse

from .factories import customer, finished_job, issue

CSS = """
body { font-size: 10pt; color: #222; }
td { padding: 3pt 4pt; }
.lines td { border-bottom: 0.5pt solid #bbb; }
.grand td { font-weight: bold; border-top: 1.5pt solid #222; }
.muted { color: #666; }
@media screen { td { font-size: 40pt; } }
"""
HTML = """<html><head><style>{css}</style></head><body>
<div class="muted">grey</div>
<table class="lines"><tr class="grand"><td>Total</td></tr><tr><td>Line</td></tr></table>
<table><tr><td>Outside</td></tr></table>
</body></html>"""


def styles_of(html: str) -> dict[str, Style]:
    """Each element's computed style, by its text."""
    document = parse(html)
    sheet = stylesheet(document.find("style").text())
    found = {}

    def walk(element, parent):
        style = sheet.style(element, parent)
        if not element.elements():
            found[element.text().strip()] = style
        for child in element.elements():
            walk(child, style)

    walk(document.find("body"), Style())
    return found


def test_rules_cascade_by_class_type_and_descendant():
    styles = styles_of(HTML.format(css=CSS))

    assert styles["Total"].bold
    assert styles["Total"].border_top == (1.5, HexColor("#222222"))
    assert styles["Total"].border_bottom == (0.5, HexColor("#bbbbbb"))
    assert not styles["Line"].bold
    assert styles["Line"].padding == (3, 4, 3, 4)
    assert styles["Outside"].border_bottom is None  # not inside .lines
    assert styles["grey"].color == HexColor("#666666")


def test_screen_only_rules_do_not_reach_the_page():
    styles = styles_of(HTML.format(css=CSS))

    assert styles["Line"].font_size == 10


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.django_db
def test_a_long_invoice_goes_on_over_pages_with_its_header_repeated():
    owner = customer("Ann Smith")
    for hour in range(60):
        finished_job(owner, f"{hour // 4 + 6:02d}:{hour % 4 * 15:02d}",
                     f"{hour // 4 + 6:02d}:{hour % 4 * 15 + 10:02d}",
                     parts=(("Wiper", "1", "7.25"),))  # fmt: skip
    (invoice,) = issue()

    pages = pages_text(render(invoice.html))

    assert len(pages) >= 3
    assert all("Service date" in page for page in pages[:-1])
    assert f"€ {invoice.total}" in pages[-1]
    assert sum(page.count("Part: Wiper") for page in pages) == 60


def test_a_cell_too_narrow_for_its_text_wraps_it_within_the_page():
    words = " ".join(["lubricant"] * 40)
    html = HTML.format(css=CSS).replace("Line", words)

    [page] = pages_text(render(html))

    assert words not in page  # broken over lines
    assert words in " ".join(page.split())


def tags(element) -> set[str]:
    return {element.tag}.union(*(tags(child) for child in element.elements()))


@pytest.mark.django_db
def test_the_invoice_template_stays_within_what_the_pdf_shows():
    """A tag or CSS property the PDF would not show fails here, not on paper."""
    from apps.invoicing.printing import styles, text
    from apps.invoicing.printing.stylesheet import rules

    owner = customer("Ann Smith")
    finished_job(owner, parts=(("Wiper", "1", "7.25"),))
    (invoice,) = issue()
    document = parse(invoice.html)
    properties = {
        name
        for rule in rules(document.find("style").text())
        for name, _ in rule.declarations
    }

    assert tags(document) - {"#document"} <= (
        text.BLOCK | text.INLINE | text.TABLE | text.HEAD
    )
    assert properties <= styles.PROPERTIES


@pytest.mark.django_db
def test_text_the_template_escapes_reaches_the_pdf_as_written():
    finished_job(
        customer("Smith & Sons <Garage>"),
        parts=(("Bolts & nuts <M8>", "1", "2.50"),),
    )
    (invoice,) = issue()

    text = " ".join(" ".join(pages_text(render(invoice.html))).split())

    assert "Smith & Sons <Garage>" in text
    assert "Part: Bolts & nuts <M8>" in text
