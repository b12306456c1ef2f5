"""Settings from the environment: defaults, the kept development secret, refused values."""

from __future__ import annotations

import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from supplychain.config import ConfigError, load_settings


def test_no_settings_at_all_means_the_embedded_default(tmp_path: Path) -> None:
    settings = load_settings({"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path)})
    assert settings.env == "development" and not settings.production
    assert settings.database_url == f"sqlite:///{tmp_path / 'supplychain.db'}"
    assert settings.redis_url is None  # jobs run in-process
    assert settings.upload_dir == tmp_path / "uploads"
    assert settings.max_upload_bytes == 10 * 1024 * 1024


def test_development_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = load_settings({"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path / "instance")})
    key_file = tmp_path / "instance" / "secret_key"
    assert len(first.secret_key) == 64 and key_file.read_text() == first.secret_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = load_settings({"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path / "instance")})
    assert again.secret_key == first.secret_key  # sessions survive a restart
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["secret_key"]


def _secret(instance: str) -> str:
    return load_settings({"SUPPLYCHAIN_INSTANCE_DIR": instance}).secret_key


def test_processes_starting_at_once_share_one_generated_secret(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        keys = set(pool.map(_secret, [str(tmp_path)] * 16))
    assert len(keys) == 1 and keys == {(tmp_path / "secret_key").read_text()}


def test_an_empty_secret_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("\n")
    with pytest.raises(ConfigError, match="secret_key is empty"):
        load_settings({"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path)})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SUPPLYCHAIN_ENV", "prod", "SUPPLYCHAIN_ENV must be 'development' or 'production'"),
        ("SUPPLYCHAIN_MAX_UPLOAD_MB", "ten", "SUPPLYCHAIN_MAX_UPLOAD_MB must be a whole number"),
        ("SUPPLYCHAIN_MAX_UPLOAD_MB", "0", "SUPPLYCHAIN_MAX_UPLOAD_MB must be a whole number"),
        ("SUPPLYCHAIN_JOB_TIMEOUT", "30m", "SUPPLYCHAIN_JOB_TIMEOUT must be a whole number"),
    ],
)
def test_a_mistyped_setting_is_named_not_a_traceback(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path), name: value})


def test_postgres_urls_get_the_psycopg3_driver(tmp_path: Path) -> None:
    environ = {"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "k"}
    for url in ("postgres://u@h/db", "postgresql://u@h/db"):
        settings = load_settings({**environ, "DATABASE_URL": url})
        assert settings.database_url == "postgresql+psycopg://u@h/db"
