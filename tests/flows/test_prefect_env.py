"""Prefect settings for runs outside a deployment (flows/prefect_env.py)."""

from __future__ import annotations

import pytest
from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows.prefect_env import HEARTBEAT_ENV, local_run_settings


@pytest.fixture
def no_server(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv(HEARTBEAT_ENV, raising=False)
    with temporary_settings(updates={PREFECT_API_URL: None, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
        yield


def test_a_run_against_the_temporary_api_sends_no_heartbeats(no_server):
    with local_run_settings() as off:
        assert off is True
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
    assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180  # only for the run


def test_a_run_against_a_prefect_server_keeps_its_heartbeats(no_server):
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        with local_run_settings() as off:
            assert off is False
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180


def test_a_users_own_heartbeat_setting_is_kept(no_server, monkeypatch):
    monkeypatch.setenv(HEARTBEAT_ENV, "60")
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}):
        with local_run_settings() as off:
            assert off is False
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 60


def test_a_heartbeat_setting_in_the_users_prefect_profile_is_kept(no_server, tmp_path):
    """`prefect config set PREFECT_FLOWS_HEARTBEAT_FREQUENCY=60` writes the active profile, not the environment."""
    from prefect.context import get_settings_context
    from prefect.settings import PREFECT_PROFILES_PATH

    active = get_settings_context().profile.name
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(f'active = "{active}"\n\n[profiles.{active}]\n{HEARTBEAT_ENV} = "60"\n', encoding="utf-8")
    with temporary_settings(updates={PREFECT_PROFILES_PATH: str(profiles)}):
        with local_run_settings() as off:
            assert off is False
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180  # the run's settings are left alone
    profiles.write_text(f'active = "{active}"\n\n[profiles.{active}]\n', encoding="utf-8")
    with temporary_settings(updates={PREFECT_PROFILES_PATH: str(profiles)}):
        with local_run_settings() as off:
            assert off is True
