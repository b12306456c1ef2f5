"""Settings: one frozen object built from the environment and passed in, never read at import."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODES = ("development", "production")


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
    mode = env.get("SUPPLYCHAIN_ENV") or "development"
    if mode not in MODES:
        raise ConfigError(f"SUPPLYCHAIN_ENV must be 'development' or 'production', not {mode!r}.")
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
        max_upload_bytes=_positive_int(env, "SUPPLYCHAIN_MAX_UPLOAD_MB", 10) * 1024 * 1024,
        job_timeout_seconds=_positive_int(env, "SUPPLYCHAIN_JOB_TIMEOUT", 1800),
        queue_name=env.get("SUPPLYCHAIN_QUEUE", "supplychain"),
        ratelimit_storage_uri=redis_url or "memory://",
        evidence_hmac_key=env.get("SUPPLYCHAIN_EVIDENCE_KEY") or None,
    )
    return settings


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}.")
    return value


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
    return _kept_secret(instance_dir / "secret_key")


def _kept_secret(key_file: Path) -> str:
    """The key in ``key_file``, generated on first use. The file is written whole and readable
    by its owner only before it appears, so processes starting at once all get the same key."""
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        draft = key_file.with_name(f".{key_file.name}.{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            with contextlib.suppress(FileExistsError):  # another process got there first
                os.link(draft, key_file)
        finally:
            draft.unlink()
    key = key_file.read_text().strip()
    if not key:
        raise ConfigError(f"{key_file} is empty; delete it and a new key is generated.")
    return key
