"""The Content Security Policy, with what depends on the organisation.

``form-action 'self'`` (config/settings.py) also applies to the redirects that follow a
form: the "sign in with ..." and OIDC sign-out buttons post to this site, which redirects
to the identity provider. Pages holding such a form allow exactly the origins of this
organisation's providers, nothing else.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware

OIDC_FORM_MARK = b'action="/oidc/'


def provider_origins(organization) -> list[str]:
    from participation.oidc.models import IdentityProvider
    from participation.oidc.protocol import EXTRA_HOSTS

    origins: set[str] = set()
    for kind, url in IdentityProvider.objects.filter(organization=organization).values_list(
        "kind", "discovery_url"
    ):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
        origins.update(f"https://{host}" for host in EXTRA_HOSTS.get(kind, ()))
    return sorted(origins)


class TenantCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False):
        if not report_only:
            self._add_provider_origins(request, response)
        return super().get_policy_parts(request, response, report_only=report_only)

    @staticmethod
    def _add_provider_origins(request, response) -> None:
        organization = getattr(request, "organization", None)
        if (
            organization is not None
            and not getattr(response, "streaming", False)
            and "html" in response.get("Content-Type", "")
            and OIDC_FORM_MARK in response.content
        ):
            origins = provider_origins(organization)
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
