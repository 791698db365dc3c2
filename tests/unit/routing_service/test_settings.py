"""``Settings.from_env``: ``ROUTING_*`` read once, required values enforced."""

from __future__ import annotations

import pytest

from routing_service.settings import Settings, SettingsError

REQUIRED = {
    "ROUTING_ACCESS_TOKEN": "tok",
    "ROUTING_APP_SECRET": "secret",
    "ROUTING_VERIFY_TOKEN": "verify",
}


def test_defaults_follow_the_architecture_table() -> None:
    settings = Settings.from_env(REQUIRED)
    assert settings.graph_base_url == "https://graph.instagram.com"
    assert settings.graph_version == "v25.0"
    assert settings.database == "routing.sqlite3"
    assert (settings.agent_login, settings.agent_password, settings.agent_name) == (
        "agent",
        "Aa123*",
        "Alex Agent",
    )
    assert settings.positions == 8
    assert settings.unsent_policy == "show"
    assert len(settings.session_secret) >= 32
    assert settings.graph_root == "https://graph.instagram.com/v25.0"


def test_values_are_read_from_the_environment() -> None:
    env = {
        **REQUIRED,
        "ROUTING_GRAPH_BASE_URL": "http://sim.test/graph/",
        "ROUTING_POSITIONS": "3",
        "ROUTING_UNSENT_POLICY": "ignore",
        "ROUTING_DATABASE": ":memory:",
    }
    settings = Settings.from_env(env)
    assert settings.graph_root == "http://sim.test/graph/v25.0"
    assert settings.positions == 3
    assert settings.unsent_policy == "ignore"
    assert settings.database == ":memory:"


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_required_values_are_enforced(missing: str) -> None:
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(env)


@pytest.mark.parametrize(
    "extra",
    [{"ROUTING_POSITIONS": "eight"}, {"ROUTING_POSITIONS": "0"}, {"ROUTING_UNSENT_POLICY": "hide"},
     {"ROUTING_BROKEN": "signature_check_off,no_such_break"}],
)  # fmt: skip
def test_malformed_values_are_refused(extra: dict) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({**REQUIRED, **extra})


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings(
        access_token="TOKEN1", app_secret="SECRET2", verify_token="VERIFY3", session_secret="XYZ4"
    )
    for secret in ("TOKEN1", "SECRET2", "VERIFY3", "XYZ4"):
        assert secret not in repr(settings)


def test_deliberate_breaks_and_the_scrypt_cost_are_read_from_the_environment() -> None:
    env = {**REQUIRED, "ROUTING_BROKEN": "signature_check_off, unsend_ignored",
           "ROUTING_SCRYPT_N": "1024"}  # fmt: skip
    settings = Settings.from_env(env)
    assert settings.broken == ("signature_check_off", "unsend_ignored")
    assert settings.scrypt_n == 1024
    assert Settings.from_env(REQUIRED).broken == ()  # nothing broken unless asked


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"ROUTING_SCRYPT_N": "1000"}, "SCRYPT_N must be a power of two"),
        ({"ROUTING_SCRYPT_N": "512"}, "SCRYPT_N must be a power of two"),
        ({"ROUTING_SEND_RETRY_MS": "0"}, "SEND_RETRY_MS must be at least 1"),
    ],
)
def test_the_hash_cost_and_the_send_retry_are_checked(extra: dict, reason: str) -> None:
    with pytest.raises(SettingsError, match=reason):
        Settings.from_env({**REQUIRED, **extra})


def test_a_cheap_password_hash_serves_this_machine_only() -> None:
    from routing_service.__main__ import public_bind_refusal

    cheap = Settings.from_env({**REQUIRED, "ROUTING_SCRYPT_N": "1024",
                               "ROUTING_AGENT_PASSWORD": "not-the-guide's"})  # fmt: skip
    assert (cheap.scrypt_n, cheap.send_retry_ms) == (1024, 500)
    assert public_bind_refusal("127.0.0.1", cheap) is None
    assert "ROUTING_SCRYPT_N" in (public_bind_refusal("0.0.0.0", cheap) or "")
