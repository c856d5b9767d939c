"""An OpenID identity binds to an admin-made account by its e-mail only when the provider vouches
for the address (ui.auth.verified_email): an unverified claim could be anyone's."""
import pytest

from ui.auth import verified_email


@pytest.mark.parametrize("claims, expected", [
    ({"email": "Kim@City.go.kr", "email_verified": True}, "kim@city.go.kr"),
    ({"email": "kim@city.go.kr", "email_verified": "true"}, "kim@city.go.kr"),
    ({"email": "kim@city.go.kr", "email_verified": False}, None),
    ({"email": "kim@city.go.kr", "email_verified": "false"}, None),
    ({"email": "kim@city.go.kr"}, None),                          # no claim: not vouched for
    ({"email": "kim@city.go.kr", "email_verified": None}, None),
    ({"email": "not an address", "email_verified": True}, None),  # unusable: ignored, no error
    ({"email": "=cmd@x.kr", "email_verified": True}, None),
    ({"email": None, "email_verified": True}, None),
    ({}, None),
])
def test_only_a_verified_usable_address_is_used(claims, expected):
    assert verified_email(claims) == expected
