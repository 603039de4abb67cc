"""Services take keyword-only, typed arguments (DESIGN "Where logic lives"; issue 13).

Every public function of a ``services`` module or package is called as
``f(actor=..., proposal=...)``: a call site cannot swap two arguments of the same type,
and mypy (``make types``, every services module) checks what it passes. Permission
helpers (``permissions.py``) are keyword-only too, except the rules called back with a
fixed convention (``rule(user, space)``), each named below with the reason in its module.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("participation", "spaces", "proposals", "budgets", "blogs", "pages", "synthesis")
# Rules other code calls back positionally: the manifest's ``admin_access`` and the
# back-office access rules.
POSITIONAL_RULES = {
    ("proposals/permissions.py", "can_open_admin"),
    ("participation/moderation/permissions.py", "may_moderate_something"),
}


def _modules(predicate):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" not in relative and predicate(path, relative):
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _is_services(path: Path, relative: str) -> bool:
    return path.name == "services.py" or "/services/" in relative


def _public_functions(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith(
            "_"
        ):
            yield node


def test_every_public_service_function_is_keyword_only_and_typed():
    problems = []
    modules = list(_modules(_is_services))
    assert len(modules) > 30  # the walk finds the services (a guard against a silent pass)
    for relative, tree in modules:
        for node in _public_functions(tree):
            arguments = node.args
            positional = [a.arg for a in arguments.posonlyargs + arguments.args]
            untyped = [a.arg for a in [*arguments.kwonlyargs] if a.annotation is None]
            if positional:
                problems.append(f"{relative}:{node.lineno} {node.name}: positional {positional}")
            if untyped or node.returns is None or arguments.vararg is not None:
                problems.append(f"{relative}:{node.lineno} {node.name}: untyped {untyped}")
    assert problems == []


def test_permission_helpers_are_keyword_only_except_the_callback_rules():
    problems = []
    for relative, tree in _modules(lambda path, _relative: path.name == "permissions.py"):
        for node in _public_functions(tree):
            positional = node.args.posonlyargs + node.args.args
            if positional and (relative, node.name) not in POSITIONAL_RULES:
                problems.append(f"{relative}:{node.lineno} {node.name}")
    assert problems == []
