"""Setting up with the CLI from an empty database: init-db first, clear refusals before it, and
one sentence (never a traceback) when the database or Redis cannot be reached."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from supplychain.cli import main
from supplychain.config import Settings
from supplychain.db.engine import make_engine
from supplychain.db.migrate import SchemaNotReady, upgrade
from tests.integration.conftest import csrf_from

PASSWORD = "a long enough password"


@pytest.fixture
def cli(empty_db_url: str, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={
            "DATABASE_URL": empty_db_url,
            "SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path / "instance"),
            "REDIS_URL": "",
            "SUPPLYCHAIN_PASSWORD": "",
        }
    )


def run(cli: CliRunner, *args: str, stdin: str | None = None, **env: str) -> Result:
    return cli.invoke(main, list(args), input=stdin, env=env or None)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_commands_before_init_db_say_so_and_serve_will_not_start(
    cli: CliRunner, empty_db_url: str, tmp_path: Path
) -> None:
    for args in (("company", "add", "Acme"), ("token", "create", "a@acme.example")):
        refused = run(cli, *args)
        assert refused.exit_code == 1, refused.output
        assert "has no schema yet; run `supplychain init-db` first" in refused.output
    worker = run(cli, "worker", "--burst", REDIS_URL="redis://127.0.0.1:6379/0")
    assert worker.exit_code == 1 and "run `supplychain init-db` first" in worker.output
    settings = Settings(database_url=empty_db_url, secret_key="k", instance_dir=tmp_path)
    with pytest.raises(SchemaNotReady, match="has no schema yet"):
        create_app(settings)  # `supplychain serve` and gunicorn refuse before listening


def test_init_db_company_user_from_a_prompt_token_and_login(
    cli: CliRunner, empty_db_url: str, tmp_path: Path
) -> None:
    assert run(cli, "init-db").exit_code == 0
    assert run(cli, "init-db").output.strip() == "The database schema is up to date."
    assert run(cli, "company", "add", "Acme Apparel").exit_code == 0
    added = run(
        cli,
        "user",
        "add",
        "boss@acme.example",
        "--company",
        "Acme Apparel",
        "--role",
        "admin",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert added.exit_code == 0, added.output
    assert "User boss@acme.example (admin) added to Acme Apparel." in added.output
    assert PASSWORD not in added.output  # the prompt hides what is typed
    bad_role = run(
        cli, "user", "add", "x@acme.example", "--company", "Acme Apparel", "--role", "ceo"
    )
    assert bad_role.exit_code == 2 and "'ceo' is not one of" in bad_role.output
    token = run(cli, "token", "create", "boss@acme.example")
    assert token.exit_code == 0 and token.output.startswith("sc_")
    nobody = run(cli, "token", "create", "ghost@acme.example")
    assert nobody.exit_code == 1 and "ghost@acme.example" in nobody.output
    settings = Settings(database_url=empty_db_url, secret_key="k", instance_dir=tmp_path)
    app = create_app(settings)
    try:
        client: FlaskClient = app.test_client()
        token_field = csrf_from(client.get("/login").get_data(as_text=True))
        form = {"email": "boss@acme.example", "password": PASSWORD, "csrf_token": token_field}
        assert client.post("/login", data=form).status_code == 302
        assert "Acme Apparel" in client.get("/").get_data(as_text=True)
        api = client.get(
            "/api/v1/suppliers", headers={"Authorization": f"Bearer {token.output.strip()}"}
        )
        assert api.status_code == 200 and api.json["total"] == 0
    finally:
        app.extensions["supplychain.db"].dispose()


def test_an_unreachable_database_is_one_sentence_with_the_password_hidden(cli: CliRunner) -> None:
    url = f"postgresql://postgres:hunter2@127.0.0.1:{closed_port()}/nowhere"
    for args in (("init-db",), ("company", "add", "Acme")):
        down = run(cli, *args, DATABASE_URL=url)
        assert down.exit_code == 3, down.output
        assert down.output.startswith("Error: The database at postgresql+psycopg://postgres:***@")
        assert "hunter2" not in down.output and "Traceback" not in down.output


def test_worker_needs_redis_and_says_when_it_is_unreachable(cli: CliRunner) -> None:
    assert run(cli, "init-db").exit_code == 0
    unset = run(cli, "worker", "--burst")
    assert unset.exit_code == 1 and "Set REDIS_URL to run a worker" in unset.output
    url = f"redis://:hunter2@127.0.0.1:{closed_port()}/0"
    down = run(cli, "worker", "--burst", REDIS_URL=url)
    assert down.exit_code == 3, down.output
    assert down.output.startswith("Error: Redis at redis://:***@127.0.0.1:")
    assert "hunter2" not in down.output and "Traceback" not in down.output


def test_demo_will_not_put_its_published_logins_into_production(
    cli: CliRunner, empty_db_url: str
) -> None:
    refused = run(cli, "demo", "--no-serve", SUPPLYCHAIN_ENV="production", SECRET_KEY="k" * 32)
    assert refused.exit_code == 1 and "SUPPLYCHAIN_ENV=production" in refused.output
    assert "demo-admin-password" not in refused.output
    assert "has no schema yet" in run(cli, "company", "add", "Acme").output  # nothing created


def test_an_old_or_a_newer_schema_is_named_with_what_to_do(
    empty_db_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=empty_db_url, secret_key="k", instance_dir=tmp_path)
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        for stamp, advice in (
            ("0001", "is at schema revision 0001, not .*; run `supplychain init-db` first"),
            ("f00d", "is at schema revision f00d, newer than this version .*run the version"),
        ):
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": stamp})
            with pytest.raises(SchemaNotReady, match=advice):
                create_app(settings)
    finally:
        engine.dispose()
