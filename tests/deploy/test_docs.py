"""docs/ says what the code has: the context map, the commands, the links."""

import re
import tomllib

import pytest
from django.core.management import get_commands

from .image import ROOT

DOCS = sorted((ROOT / "docs").rglob("*.md"))
MANAGE = re.compile(r"manage\.py (\w+)")
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")


def ignored_imports() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return [edge for c in contracts for edge in c.get("ignore_imports", [])]


@pytest.mark.parametrize("edge", ignored_imports())
def test_the_context_map_has_every_allowed_import(edge):
    importer, imported = edge.split(" -> ")
    rows = (ROOT / "docs" / "architecture.md").read_text().splitlines()
    assert any(f"`{importer}`" in row and f"`{imported}`" in row for row in rows)


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_command_named_exists(doc):
    named = set(MANAGE.findall(doc.read_text()))
    assert named - set(get_commands()) == set()


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_link_leads_to_a_file(doc):
    for target in LINK.findall(doc.read_text()):
        assert (doc.parent / target).exists(), target
