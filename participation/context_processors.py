from django.conf import settings


def organization(request):
    organization = getattr(request, "organization", None)
    languages = dict(settings.LANGUAGES)
    codes = organization.locales if organization else list(languages)
    return {
        "organization": organization,
        "organization_languages": [(code, languages[code]) for code in codes],
    }
