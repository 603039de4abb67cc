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

Which account a provider identity signs into (services.sign_in_with_claims):
the account linked to it (provider + subject), or a new one. Never an
existing account found by its e-mail address: a confirmed account with the
same address is refused, with a message telling its owner to sign in with the
password (and second factor) and add the provider under "Sign-in methods" on
the account page; an unconfirmed sign-up with that address (possibly made by
someone else to take the account over later) is deleted and replaced by the
new account when the provider vouches for the address, and left alone (sign-in
refused) otherwise — never merged. The account's second factor is asked
(allauth's login stages) before the session is logged in.

A provider that does not vouch for the address (a company single sign-on
sending no ``email_verified: true``; FranceConnect's addresses count as
vouched) may give anyone's address. The account it creates records that
address as unconfirmed (allauth EmailAddress verified=False) and, while it is
linked to a provider, e-mail never opens it nor confirms that address: the
password-reset form sends no link for it, a reset link made for it is refused,
no confirmation e-mail is sent to that address and a confirmation key for it
confirms nothing (accounts.selectors.address_unproven_behind_provider). Chosen
over "drop the link when someone proves the address": that would hand the
address's owner an account another person made and may still be signed in
to. Nobody gets into an account by e-mail that a provider identity opens
without the address being vouched for; the address's real owner asks the
organisation to remove the account (or the person signed in replaces its
address with one they confirm). Provider sign-ins pass allauth's e-mail
verification stage: the provider proved the person, not the address.

From the account page (views "link", "unlink"), a signed-in person who
confirmed every factor in the last few minutes adds or removes a provider;
the last way in (a usable password or another offered provider) cannot be
removed. Accounts without a password confirm through a linked provider
("reauth" mode). Client secrets are encrypted at rest (secret_box).

Other apps listen to ``participation.oidc.signals.identity_confirmed``.
"""
