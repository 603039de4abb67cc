"""ID token and signed userinfo checks, with tokens signed here by keys made for the test."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from participation.oidc.protocol import OIDCError, validate_id_token, verify_signed

ISSUER = "https://fcp-low.sbx.dev-franceconnect.fr/api/v2"
CLIENT = "client-123"
NONCE = "nonce-abc"
FC_ACR = {"eidas1", "eidas2", "eidas3"}


def _jwk(private_key, kid: str, alg: str) -> dict:
    algorithm = jwt.algorithms.ECAlgorithm if alg == "ES256" else jwt.algorithms.RSAAlgorithm
    public = json.loads(algorithm.to_jwk(private_key.public_key()))
    return {**public, "kid": kid, "use": "sig", "alg": alg}


EC_KEY = ec.generate_private_key(ec.SECP256R1())
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_EC_KEY = ec.generate_private_key(ec.SECP256R1())
JWKS = {"keys": [_jwk(EC_KEY, "ec-1", "ES256"), _jwk(RSA_KEY, "rsa-1", "RS256")]}


def _claims(**changes) -> dict:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "sub-1",
        "exp": now + 60,
        "iat": now,
        "nonce": NONCE,
        "acr": "eidas1",
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _sign(claims, key=EC_KEY, kid="ec-1", alg="ES256") -> str:
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


def _validate(token, nonce=NONCE):
    return validate_id_token(
        token, keys=JWKS, issuer=ISSUER, client_id=CLIENT, nonce=nonce, require_acr=FC_ACR
    )


@pytest.mark.parametrize(
    ("key", "kid", "alg"), [(EC_KEY, "ec-1", "ES256"), (RSA_KEY, "rsa-1", "RS256")]
)
def test_a_valid_id_token_signed_es256_or_rs256_is_accepted(key, kid, alg):
    assert _validate(_sign(_claims(), key, kid, alg))["sub"] == "sub-1"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://attacker.example"},  # wrong issuer
        {"iss": None},
        {"aud": "another-client"},  # token for another client
        {"aud": [CLIENT, "another-client"]},  # several audiences, no azp
        {"exp": int(time.time()) - 3600},  # expired
        {"iat": int(time.time()) + 3600},  # issued in the future
        {"nonce": "replayed-nonce"},
        {"nonce": None},
        {"acr": "eidas0"},  # below the level FranceConnect must give
        {"acr": None},
        {"sub": None},
    ],
)
def test_a_bad_id_token_is_refused(changes):
    with pytest.raises(OIDCError):
        _validate(_sign(_claims(**changes)))


def test_expired_token_says_so():
    with pytest.raises(OIDCError) as refused:
        _validate(_sign(_claims(exp=int(time.time()) - 3600)))
    assert "expiré" in str(refused.value.message)


def test_a_token_signed_by_another_key_is_refused():
    with pytest.raises(OIDCError):
        _validate(_sign(_claims(), key=OTHER_EC_KEY, kid="ec-1"))


def test_unknown_key_id_is_refused():
    with pytest.raises(OIDCError):
        _validate(_sign(_claims(), key=OTHER_EC_KEY, kid="unknown"))


@pytest.mark.parametrize("alg", ["HS256", "none"])
def test_symmetric_or_unsigned_tokens_are_refused(alg):
    token = jwt.encode(
        _claims(),
        "a-shared-secret-of-at-least-32-bytes!" if alg == "HS256" else None,
        algorithm=alg,
    )
    with pytest.raises(OIDCError):
        _validate(token)


def test_signed_userinfo_with_a_bad_signature_is_refused():
    genuine = _sign({"iss": ISSUER, "aud": CLIENT, "sub": "sub-1", "given_name": "Alice"})
    assert (
        verify_signed(genuine, keys=JWKS, issuer=ISSUER, audience=CLIENT)["given_name"] == "Alice"
    )
    header, payload, signature = genuine.split(".")
    forged_payload = jwt.utils.base64url_encode(
        json.dumps({"iss": ISSUER, "aud": CLIENT, "sub": "sub-1", "given_name": "Eve"}).encode()
    ).decode()
    with pytest.raises(OIDCError):
        verify_signed(
            f"{header}.{forged_payload}.{signature}", keys=JWKS, issuer=ISSUER, audience=CLIENT
        )


def test_signed_userinfo_for_another_client_is_refused():
    token = _sign({"iss": ISSUER, "aud": "another-client", "sub": "sub-1"})
    with pytest.raises(OIDCError):
        verify_signed(token, keys=JWKS, issuer=ISSUER, audience=CLIENT)
