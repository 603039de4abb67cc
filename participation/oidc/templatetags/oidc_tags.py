from django import template

from participation.oidc.selectors import sign_in_providers

register = template.Library()


@register.inclusion_tag("oidc/sign_in_buttons.html", takes_context=True)
def oidc_sign_in_buttons(context, next_url=""):
    """The organisation's provider buttons, for any sign-in page."""
    request = context["request"]
    return {
        "providers": sign_in_providers(getattr(request, "organization", None)),
        "next": next_url,
        "csrf_token": context.get("csrf_token"),
    }
