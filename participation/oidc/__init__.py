"""FranceConnect v2 and company/association single sign-on over OpenID Connect.

Each organisation configures its own providers (IdentityProvider: client id
and secret, discovery URL; FranceConnect's integration or production
platform), in /system/organizations/<id>/sign-in-providers/ or with

    python manage.py configure_signin HOST franceconnect --client-id ID --client-secret S
    python manage.py configure_signin HOST intranet --client-id ID --client-secret S \
        --discovery-url https://sso.example.org/.well-known/openid-configuration

A provider's button appears on the sign-in page once the matching entry of
Organization.sign_in_methods ("franceconnect", "oidc", "google") is on.
Register <host>/oidc/callback/ and <host>/oidc/signed-out/ with the provider.
Facebook Login is not OpenID Connect for web sites and is not offered.

Other apps listen to ``participation.oidc.signals.identity_confirmed``.
"""
