"""docs/ says what the code has: the context map, the commands, the links."""

import re
import tomllib

import pytest
from django.core.management import get_commands

from .image import ROOT

DOCS = sorted((ROOT / "docs").rglob("*.md"))
READMES = [ROOT / "README.md", *sorted((ROOT / "apps").glob("*/README.md"))]
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


@pytest.mark.parametrize("doc", DOCS + READMES, ids=lambda path: path.name)
def test_every_link_leads_to_a_file(doc):
    for target in LINK.findall(doc.read_text()):
        assert (doc.parent / target).exists(), target


@pytest.mark.parametrize("doc", DOCS + READMES, ids=str)
def test_the_docs_stand_on_their_own_in_a_clone(doc):
    """No link leaves the repository (a clone has no ../shared/SPEC.md)."""
    for target in LINK.findall(doc.read_text()):
        resolved = (doc.parent / target).resolve()
        assert resolved.is_relative_to(ROOT.resolve()), target
