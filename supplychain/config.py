"""Settings: one frozen object built from the environment and passed in, never read at import."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment asks for something the platform refuses to run with."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the platform reads from its environment."""

    env: str = "development"
    instance_dir: Path = PROJECT_ROOT / "instance"
    database_url: str = ""
    redis_url: str | None = None
    secret_key: str = ""
    upload_dir: Path = field(default=PROJECT_ROOT / "instance" / "uploads")
    max_upload_bytes: int = 10 * 1024 * 1024
    rules_dir: Path = PROJECT_ROOT / "risk_rules"
    queue_name: str = "supplychain"
    job_timeout_seconds: int = 1800
    login_rate_limit: str = "10 per minute"
    ratelimit_storage_uri: str = "memory://"
    evidence_hmac_key: str | None = None

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def reference_store_dir(self) -> Path:
        """Where `supplychain lists import` keeps editions loaded by users."""
        return self.instance_dir / "reference"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment (``os.environ`` unless another mapping is given)."""
    env = dict(os.environ if environ is None else environ)
    mode = env.get("SUPPLYCHAIN_ENV", "development")
    instance_dir = Path(env.get("SUPPLYCHAIN_INSTANCE_DIR", PROJECT_ROOT / "instance"))
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'supplychain.db'}"
    redis_url = env.get("REDIS_URL") or None
    settings = Settings(
        env=mode,
        instance_dir=instance_dir,
        database_url=_normalise_db_url(database_url),
        redis_url=redis_url,
        secret_key=_secret_key(env, mode, instance_dir),
        upload_dir=Path(env.get("SUPPLYCHAIN_UPLOAD_DIR", instance_dir / "uploads")),
        max_upload_bytes=int(env.get("SUPPLYCHAIN_MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        job_timeout_seconds=int(env.get("SUPPLYCHAIN_JOB_TIMEOUT", "1800")),
        queue_name=env.get("SUPPLYCHAIN_QUEUE", "supplychain"),
        ratelimit_storage_uri=redis_url or "memory://",
        evidence_hmac_key=env.get("SUPPLYCHAIN_EVIDENCE_KEY") or None,
    )
    return settings


def _normalise_db_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(env: Mapping[str, str], mode: str, instance_dir: Path) -> str:
    """Production must be given a secret; development keeps a generated one under instance/."""
    if env.get("SECRET_KEY"):
        return env["SECRET_KEY"]
    if mode == "production":
        raise ConfigError("SECRET_KEY must be set when SUPPLYCHAIN_ENV=production.")
    key_file = instance_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
