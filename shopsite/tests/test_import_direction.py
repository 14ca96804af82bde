"""Dependencies point one way: from the apps down to the plumbing, never back.

The plumbing (``shopsite/``) imports no domain app, but for the composition root that
puts the apps together (the URLconf, the demo data; the settings name apps only as
strings); and an app imports only the apps below it (``ALLOWED``), so the graph of the
apps is a tree with ``shopsite`` at its root. A small AST walk over the sources (tests
and migrations aside) finds every import, top-level or inside a function, and the
modules named by string to ``import_module``, ``import_string`` or ``apps.get_model``.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("shopsite", "customers", "addresses", "payments", "orders", "productlists")
#: Modules of shopsite/ that compose the apps into one project.
COMPOSITION_ROOT = {"shopsite/urls.py", "shopsite/demo.py", "shopsite/management/commands/seed_demo.py"}
#: What each app may import: the apps below it. A new app gets a line here.
ALLOWED = {
    "shopsite": set(),
    "customers": {"shopsite"},
    "addresses": {"customers", "shopsite"},
    "payments": {"customers", "shopsite"},
    "orders": {"addresses", "payments", "customers", "shopsite"},
    "productlists": {"addresses", "customers", "shopsite"},
}
#: Calls whose first argument, a string, names a module or an app.
IMPORTING_CALLS = {"import_module", "import_string", "get_model"}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif _is_importing_call(node):
            names = [node.args[0].value]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


def _is_importing_call(node):
    if not isinstance(node, ast.Call) or not node.args:
        return False
    function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    first = node.args[0]
    return function in IMPORTING_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str)


def app_imports():
    """{(importing app, imported app): [file:line, ...]} over every source module."""
    edges = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/tests/" in relative or "/migrations/" in relative or relative in COMPOSITION_ROOT:
                continue
            for imported, line in imported_apps(path):
                if imported != app:
                    edges.setdefault((app, imported), []).append(f"{relative}:{line}")
    return edges


def cycles(edges):
    graph = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    found, visiting, done = [], [], set()

    def visit(node):
        if node in visiting:
            found.append(visiting[visiting.index(node):] + [node])
            return
        if node in done:
            return
        visiting.append(node)
        for target in sorted(graph.get(node, ())):
            visit(target)
        visiting.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    return found


def test_the_plumbing_imports_no_app():
    edges = app_imports()
    assert {target: where for (source, target), where in edges.items() if source == "shopsite"} == {}


def test_no_app_imports_one_that_depends_on_it():
    assert cycles(app_imports()) == []


def test_each_app_imports_only_the_apps_below_it():
    assert set(ALLOWED) == set(APPS)
    assert {edge: where for edge, where in app_imports().items() if edge[1] not in ALLOWED[edge[0]]} == {}


def test_the_walk_finds_a_back_import(tmp_path):
    """The check itself: an import running back up is seen, at any depth of a module."""
    module = tmp_path / "module.py"
    module.write_text(
        "def late():\n    from customers.models import Customer\n"
        "importlib.import_module('orders.models')\napps.get_model('payments', 'CustomerPaymentInstrument')\n"
        "import_string('addresses.services.address_store')\n"
    )
    assert sorted(imported_apps(module)) == [("addresses", 5), ("customers", 2), ("orders", 3), ("payments", 4)]
    assert cycles({("customers", "addresses"): [], ("addresses", "customers"): []}) == [
        ["addresses", "customers", "addresses"]]
