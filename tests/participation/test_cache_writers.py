"""Caches retired by the services that write, not by model signals (issue 13).

The organisation of a host (``participation.tenancy``) and the names shown on cached
pages (``participation.privacy.display.names_version``) are kept in the cache under a
version that the writing services retire. These tests prove a change made through the
services (and the pages that call them) is seen on the very next request, and that no
other code writes those rows or fields behind the services' back.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

from participation.models import Organization
from participation.services.organizations import (
    create_organization,
    update_appearance,
    update_organization,
)
from tests.conftest import host_client, system_client
from tests.participation.test_system_console import form_data

ROOT = Path(settings.BASE_DIR)


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if {".venv", "node_modules", "tests", "migrations"} & set(relative.parts):
            continue
        yield relative.as_posix(), path.read_text(encoding="utf-8")


# --- Organisations and their hosts -------------------------------------------------------------


def test_an_edit_in_the_operator_console_is_seen_on_the_next_request(operator, organization):
    visitor = host_client("ville-a.test")
    assert "Ville de Test" in visitor.get("/").content.decode()  # cached from now on
    assert host_client("www.ville-a.test").get("/").status_code == 404  # remembered unknown
    response = system_client(user=operator).post(
        f"/system/organizations/{organization.pk}/",
        form_data(name="Ville Renommée", host="ville-a.test", secondary_hosts="www.ville-a.test"),
    )
    assert response.status_code == 302
    assert "Ville Renommée" in visitor.get("/").content.decode()
    assert host_client("www.ville-a.test").get("/").status_code == 301


def test_a_host_moved_by_the_service_no_longer_answers(operator, organization):
    visitor = host_client("ville-a.test")
    assert visitor.get("/").status_code == 200
    update_organization(actor=operator, organization=organization, host="participer.ville-a.test")
    assert visitor.get("/").status_code == 404
    assert host_client("participer.ville-a.test").get("/").status_code == 200


def test_a_new_organisation_answers_at_once_on_a_host_seen_unknown(operator, db):
    assert host_client("nouvelle.test").get("/").status_code == 404
    create_organization(
        actor=operator, name="Nouvelle Ville", host="nouvelle.test", admin_email="a@nouvelle.test"
    )
    assert "Nouvelle Ville" in host_client("nouvelle.test").get("/").content.decode()


def test_new_colours_from_the_appearance_page_service_are_served_at_once(admin, organization):
    visitor = host_client("ville-a.test")
    assert "#0a5c36" not in visitor.get("/organization.css").content.decode()
    update_appearance(actor=admin, organization=organization, data={"primary_color": "#0a5c36"})
    assert "#0a5c36" in visitor.get("/organization.css").content.decode()


_ORGANIZATION_WRITE = re.compile(
    r"\bSecondaryHost\(|SecondaryHost\.objects\.\w*create|secondary_hosts\.[^\n]*\.(delete|update)\("
    r"|\bOrganization\(|Organization\.objects\.(\w*create|update)"
    r"|Organization\.objects\.[^\n]*\.(update|delete)\(|\borganization\.(save|delete)\("
)


def _writers(pattern):
    found = set()
    for relative, source in _sources():
        for line in source.splitlines():
            if pattern.search(line) and not line.lstrip().startswith(("class ", "#")):
                found.add(relative)
    return found


def test_only_the_organisation_services_write_organisations_and_hosts():
    assert _writers(_ORGANIZATION_WRITE) == {"participation/services/organizations.py"}


def _public_functions_calling(module: str, name: str) -> dict[str, bool]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    calls = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            called = {
                getattr(call.func, "id", getattr(call.func, "attr", None))
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
            }
            calls[node.name] = name in called
    return calls


def test_every_organisation_writer_retires_the_host_cache():
    calls = _public_functions_calling("participation/services/organizations.py", "hosts_changed")
    assert {"create_organization", "update_organization", "update_appearance"} <= set(calls)
    writers = {"create_organization", "update_organization", "update_appearance"}
    assert all(calls[name] for name in writers), calls


# --- How people are named --------------------------------------------------------------------

_PERSON_WRITE = re.compile(
    r"\b(user|target|admin|person|existing|account|member|locked)\.(name|nickname|is_active|email)"
    r"\s*=(?!=)|\bUser\.objects\.[^\n]*\.update\(|\.update\([^)]*\b(nickname|is_active)="
)
# Each module that changes how an existing person is named or shown, and the service that
# retires the names version there. Sign-up (allauth's adapter) fills a new row, which no
# cached page names yet.
_PERSON_WRITERS = {
    "participation/accounts/services.py": "update_profile",
    "participation/privacy/deletion.py": "_erase_row",
    "participation/privacy/participants.py": "set_blocked",
    "participation/accounts/adapter.py": None,
}


def test_only_the_people_services_change_how_people_are_named():
    assert _writers(_PERSON_WRITE) == set(_PERSON_WRITERS)
    for module, function in _PERSON_WRITERS.items():
        if function is None:
            continue
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        [node] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
        called = {
            getattr(call.func, "id", getattr(call.func, "attr", None))
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
        }
        assert "people_changed" in called, module


def test_no_model_signal_retires_these_caches():
    """Organisations, their hosts and people have no save or delete receiver retiring a
    cache: the services do (a receiver would hide a write that skips them). The search
    index alone listens to people's saves (participation.search.index, documented there)."""
    from django.db.models.signals import post_delete, post_save

    from participation.models import SecondaryHost, User

    for model in (Organization, SecondaryHost, User):
        for signal in (post_save, post_delete):
            sync_receivers, async_receivers = signal._live_receivers(model)
            modules = {receiver.__module__ for receiver in [*sync_receivers, *async_receivers]}
            assert modules <= {"participation.search.index"}, (model, signal, modules)
