"""The import graph of our apps (README, "Code layout"), read from the code with `ast`.

Three layers, imported downwards only:

    overview                       the pages that read every app; imports anything, imported by none
    branches, members, plans, ...  the domain apps; import township and each other as DEPENDS_ON says
    township                       configuration, core and library; imports none of our apps

Every `import` counts, at module level or inside a function. Between domain apps a
module-level import must be an edge of DEPENDS_ON, and a function-local one (a cycle hidden
from Python's import order) must be in LOCAL_IMPORTS with its reason.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

TOP = "overview"
CORE = "township"

#: What each domain app may import at module level besides township: an app, or one module
#: of an app ("members.validators"). Keep in step with the README's "Code layout".
DEPENDS_ON = {
    "branches": set(),
    "members": {"branches"},
    "finance": {"branches"},
    "awards": {"branches", "members"},
    "dues": {"branches", "members"},
    "transfers": {"branches", "members", "dues"},
    "plans": {"branches", "members", "finance", "awards"},
    "documents": set(),
}
DOMAIN = set(DEPENDS_ON)

#: Function-local imports between domain apps, each against the direction above (a real
#: cycle): (importing module, imported module) -> why it is needed.
LOCAL_IMPORTS = {
    ("branches.selectors", "members.models"): (
        "a branch's figures (members, full members) count Member rows"
    ),
    ("branches.screening", "members.models"): (
        "the screening list looks for branches that admitted no member in three years"
    ),
    ("branches.screening", "finance.models"): (
        "the screening list looks for villages with finances to rectify"
    ),
    ("branches.demo", "members.models"): (
        "the demo's attendance for every member of the township's recorded meetings"
    ),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted
    local: bool  # inside a function
    where: str  # path:line

    @property
    def app(self) -> str:
        return self.module.split(".")[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".")[0]


def our_apps() -> set[str]:
    """Our apps are the project's top-level folders; the virtualenv usually lives inside the
    project too (setup.sh makes .venv there), and its packages are not ours."""
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }


def _imports(path: Path, ours: set[str]) -> list[Import]:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    local_nodes = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for node in ast.walk(function)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
            else:
                base = ""
            head = ".".join(p for p in (base, node.module) if p)
            # `from township import workdays` imports the module township.workdays.
            targets = [
                f"{head}.{alias.name}" if _is_module(f"{head}.{alias.name}") else head
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in ours:
                found.append(
                    Import(
                        module,
                        target,
                        id(node) in local_nodes,
                        f"{path.relative_to(ROOT)}:{node.lineno}",
                    )
                )
    return found


def all_imports() -> list[Import]:
    ours = our_apps()
    found = []
    for app in sorted(ours):
        for path in sorted((ROOT / app).rglob("*.py")):
            found += _imports(path, ours)
    return found


def _allowed(imp: Import) -> bool:
    source, target = imp.app, imp.target_app
    if source == target or target == CORE:
        return True
    if source == TOP:
        return True
    if source == CORE or target == TOP:
        return False
    return any(imp.target == d or imp.target.startswith(f"{d}.") for d in DEPENDS_ON[source])


def test_every_app_of_ours_has_its_place_in_the_layout():
    """A new app is placed on purpose: add it to DEPENDS_ON and the README's graph."""
    assert our_apps() == DOMAIN | {TOP, CORE}


def test_township_imports_none_of_the_apps_above_it():
    wrong = [i for i in all_imports() if i.app == CORE and i.target_app != CORE]
    assert not wrong, "township/ is configuration, core and library:\n" + _lines(wrong)


def test_no_app_imports_the_overview():
    wrong = [i for i in all_imports() if i.target_app == TOP and i.app != TOP]
    assert not wrong, "overview is the top of the graph; nothing imports it:\n" + _lines(wrong)


def test_domain_apps_import_each_other_only_as_the_layout_says():
    wrong = [
        i
        for i in all_imports()
        if i.app in DOMAIN and i.target_app in DOMAIN and not i.local and not _allowed(i)
    ]
    assert not wrong, "module-level imports against DEPENDS_ON:\n" + _lines(wrong)


def test_members_depend_on_branches_not_the_reverse():
    assert "members" not in DEPENDS_ON["branches"]
    assert "branches" in DEPENDS_ON["members"]


def test_no_new_function_local_import_between_domain_apps():
    """A function-local import hides a cycle from Python's import order. Put the shared code
    where both apps can import it at module level (township/, or the lower app), or, for a
    real cycle, add it to LOCAL_IMPORTS with the reason."""
    new = sorted(
        {
            (i.module, i.target, i.where)
            for i in all_imports()
            if i.local
            and i.app in DOMAIN
            and i.target_app in DOMAIN
            and i.app != i.target_app
            and (i.module, i.target) not in LOCAL_IMPORTS
        }
    )
    assert not new, "function-local imports between apps, not in LOCAL_IMPORTS:\n" + "\n".join(
        f"  {where}: {module} imports {target}" for module, target, where in new
    )


def test_the_allowlist_of_function_local_imports_is_current():
    found = {
        (i.module, i.target)
        for i in all_imports()
        if i.local and i.app in DOMAIN and i.target_app in DOMAIN and i.app != i.target_app
    }
    stale = sorted(set(LOCAL_IMPORTS) - found)
    assert not stale, f"no longer imported inside a function; remove from LOCAL_IMPORTS: {stale}"


def test_the_module_level_graph_uses_every_edge_it_allows():
    """DEPENDS_ON says what is, not what once was (the README shows it)."""
    used = {
        (i.app, dep)
        for i in all_imports()
        if i.app in DOMAIN and not i.local
        for dep in DEPENDS_ON[i.app]
        if i.target == dep or i.target.startswith(f"{dep}.")
    }
    unused = sorted({(a, d) for a, deps in DEPENDS_ON.items() for d in deps} - used)
    assert not unused, f"allowed but never imported; remove from DEPENDS_ON and README: {unused}"


def test_the_readme_draws_the_same_graph():
    """The README's "Code layout" lists `app -> what it imports`; it matches DEPENDS_ON."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Code layout", 1)[1].split("\n## ", 1)[0]
    drawn = {}
    for name, deps in re.findall(r"^(\w+)\s+->\s+(.*)$", section, re.M):
        drawn[name] = {d for d in re.split(r"[,\s]+", deps.split("#")[0].strip()) if d}
    expected = {app: deps | {CORE} for app, deps in DEPENDS_ON.items()}
    expected[TOP] = {"everything"}
    expected[CORE] = {"nothing"}
    assert drawn == expected


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _lines(imports: list[Import]) -> str:
    return "\n".join(f"  {i.where}: {i.module} imports {i.target}" for i in imports)
