"""House rules that hold the architecture together, checked on the code as it is: the component
contract, the import graph, word lists as data, and docs/architecture.md against the registry."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from ceasefire import registry
from ceasefire.pipeline import COMPONENTS, Pipeline
from ceasefire.registry import Analysis, ComponentError, component, get_component, registered
from ceasefire.resources import LEXICONS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ceasefire"
#: What a component may import besides its own package.
CONTRACT_MODULES = {"ceasefire.model", "ceasefire.text", "ceasefire.resources", "ceasefire.registry"}
#: The component modules and packages, each with the components it registers.
COMPONENT_HOMES = {
    "ceasefire.geo": ("places",),
    "ceasefire.actors": ("actors",),
    "ceasefire.timex": ("times",),
    "ceasefire.quotes": ("quotes",),
    "ceasefire.events": ("events",),
    "ceasefire.countries": ("countries",),
    "ceasefire.acled": ("acled",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every `from ceasefire... import` and `import ceasefire...` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ceasefire"):
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith("ceasefire")]
    return found


def _home(module: str) -> str:
    """The component module or package a module belongs to ('' if none)."""
    return next((home for home in COMPONENT_HOMES if module == home or module.startswith(home + ".")), "")


def _files(home: str) -> list[Path]:
    base = ROOT.joinpath(*home.split("."))
    return sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]


def test_components_import_only_the_contract_and_their_own_package() -> None:
    wrong = []
    for home in COMPONENT_HOMES:
        for path in _files(home):
            for module, _ in _imports(path):
                if module not in CONTRACT_MODULES and _home(module) != home:
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_imports_across_packages_go_through_the_package() -> None:
    """Outside a top-level package, its modules are reached only through what its __init__
    exports (`__all__`), so a package's inside can change without breaking its users."""
    packages = {_module_name(p) for p in PACKAGE.glob("*/__init__.py")}
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        me = _module_name(path)
        for module, names in _imports(path):
            package = ".".join(module.split(".")[:2])
            if package not in packages or me == package or me.startswith(package + "."):
                continue
            exported = set(getattr(importlib.import_module(package), "__all__", ()))
            if module != package or not set(names) <= exported:
                wrong.append(f"{me} imports {', '.join(names) or module} from {module}")
    assert wrong == []


def test_each_component_is_registered_where_the_contract_says() -> None:
    by_home = {
        home: sorted(s.name for s in registered() if _home(s.function.__module__) == home)
        for home in COMPONENT_HOMES
    }
    assert {home: sorted(names) for home, names in by_home.items()} == {
        home: sorted(names) for home, names in COMPONENT_HOMES.items()
    }
    assert set(COMPONENTS) == {s.name for s in registered()}


def test_each_lexicon_read_is_declared_and_every_lexicon_file_is_read() -> None:
    """A component's package reads only lexicons its component declares; every file under
    data/lexicons is read by some module (no orphan lists)."""
    call = re.compile(r"""\b(?:words|word_list|table|tagged)\(\s*["']([a-z0-9_]+)["']""")
    read_anywhere: set[str] = set()
    undeclared = []
    for path in PACKAGE.rglob("*.py"):
        names = set(call.findall(path.read_text(encoding="utf-8")))
        read_anywhere |= names
        home = _home(_module_name(path))
        if home:
            declared = {lex for name in COMPONENT_HOMES[home] for lex in get_component(name).lexicons}
            undeclared += [f"{path.relative_to(ROOT)} reads {n}" for n in sorted(names - declared)]
    assert undeclared == []
    shipped = {path.stem for path in LEXICONS.iterdir() if path.suffix in (".txt", ".tsv")}
    assert sorted(shipped - read_anywhere) == []


def test_every_lexicon_file_says_what_it_is() -> None:
    for path in sorted(LEXICONS.iterdir()):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#") and len(first) > 10, f"{path.name} has no header line"


def test_a_missing_requirement_is_named_before_anything_runs() -> None:
    with pytest.raises(
        ComponentError, match=r"component 'events' requires 'actors', 'coder', 'quotes', which"
    ):
        Pipeline(["places", "times", "events"])


def test_an_unknown_component_is_named_with_the_known_ones() -> None:
    with pytest.raises(ComponentError, match=r"no component named 'event' \(registered: acled, actors, "):
        Pipeline(["places", "event"])


def test_a_component_that_writes_what_it_does_not_assign_is_stopped(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))  # registered for this test only

    @component("test-sneaky", requires=("doc",), assigns=("times",))
    def sneaky(analysis: Analysis) -> None:
        """Assigns places without declaring them."""
        analysis.places = []

    parsed = nlp("Rebels shelled Aleppo on Monday.")
    with pytest.raises(
        ComponentError, match="component 'test-sneaky' wrote places, which it does not assign"
    ):
        Pipeline(["test-sneaky"]).run(Analysis(parsed, None))


def test_architecture_doc_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "write_architecture", ROOT / "scripts" / "write_architecture.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["write_architecture"] = script
    spec.loader.exec_module(script)
    assert (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8") == script.render(), (
        "docs/architecture.md is not current: run scripts/write_architecture.py"
    )
