"""Bulk writes of many rows inside the caller's transaction, without RETURNING.

Ids are allocated up front (:func:`allocate_ids`) and written explicitly, so no insert has to
hand back ids in parameter order. Rows go in by ``COPY ... FROM STDIN`` on PostgreSQL and by
one plain ``executemany`` on SQLite. Values pass through the columns' own bind processing (JSON,
UTC datetimes, dates), so what is stored is what a Core insert would store; Python-side column
defaults (``default=utcnow``) are filled in once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Columns = Mapping[str, Sequence[Any]]


@contextmanager
def roomy_cache(session: Session, kib: int = 65_536) -> Iterator[None]:
    """SQLite: a page cache of ``kib`` KiB while bulk writing (the default 2 MB spills index
    pages to the WAL again and again), restored afterwards. Other backends: nothing."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    driver = session.connection().connection.driver_connection
    previous = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {int(previous)}")


def allocate_ids(session: Session, table: Table, n: int) -> list[int]:
    """``n`` fresh primary keys for ``table``.

    PostgreSQL draws them from the column's sequence (safe under concurrency). SQLite continues
    after ``max(id)``: the write transactions of this app begin IMMEDIATE and so hold the write
    lock already; a writer that did not would fail on the primary key, never duplicate a row.
    """
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        # the sequence is looked up once: per row it would cost three times the nextval
        sequence = session.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        stmt = text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)")
        return list(session.scalars(stmt, {"sequence": sequence, "n": n}))
    start = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1
    return list(range(start, start + n))


def write_rows(
    session: Session,
    table: Table,
    columns: Columns,
    same: Mapping[str, Any] | None = None,
    ready: Collection[str] = (),
) -> int:
    """Insert rows given column by column (every sequence the same length); the row count.

    ``same`` holds the columns whose value is the same on every row (converted once);
    ``ready`` names columns whose values are already what the driver takes (JSON as text)."""
    connection = session.connection()
    constants = {**_defaults(table, [*columns, *(same or {})]), **(same or {})}
    data = _driver_columns(table, columns, constants, ready, connection.dialect)
    if not data:
        return 0
    rows = zip(*data.values(), strict=True)
    if connection.dialect.name == "postgresql":
        _copy(connection.connection.driver_connection, table.name, list(data), rows)
    else:
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({_names(connection, data)}) "
            f"VALUES ({', '.join('?' * len(data))})",
            list(rows),
        )
    return len(next(iter(data.values())))


def update_rows(
    session: Session, table: Table, columns: Columns, same: Mapping[str, Any] | None = None
) -> int:
    """UPDATE the rows whose ids are ``columns["id"]`` with the other columns (and ``same``,
    one value for every row); the row count. PostgreSQL: COPY into a temporary table, then one
    ``UPDATE ... FROM``; SQLite: one executemany."""
    connection = session.connection()
    data = _driver_columns(table, columns, same or {}, (), connection.dialect)
    if not data:
        return 0
    ids = data.pop("id")
    if connection.dialect.name == "postgresql":
        _update_from_copy(connection.connection.driver_connection, table.name, ids, data)
    else:
        quote = connection.dialect.identifier_preparer.quote
        assign = ", ".join(f"{quote(name)} = ?" for name in data)
        connection.exec_driver_sql(
            f"UPDATE {table.name} SET {assign} WHERE id = ?",
            list(zip(*data.values(), ids, strict=True)),
        )
    return len(ids)


def _driver_columns(
    table: Table,
    columns: Columns,
    same: Mapping[str, Any],
    ready: Collection[str],
    dialect: Any,
) -> dict[str, Sequence[Any]]:
    """Every column as a list of driver values ({} when there are no rows)."""
    n = len(next(iter(columns.values()), ()))
    if n == 0:
        return {}
    converted = {
        name: values if name in ready else _bound(table.c[name], values, dialect)
        for name, values in columns.items()
    }
    for name, value in same.items():
        converted[name] = [_bound(table.c[name], [value], dialect)[0]] * n
    return converted


def _names(connection: Any, data: Mapping[str, Any]) -> str:
    return ", ".join(connection.dialect.identifier_preparer.quote(name) for name in data)


def _update_from_copy(
    driver: Any, table: str, ids: Sequence[Any], data: dict[str, Sequence[Any]]
) -> None:
    staging = f"staging_{table}"
    names = sql.SQL(", ").join(map(sql.Identifier, ["id", *data]))
    assign = sql.SQL(", ").join(
        sql.SQL("{0} = t.{0}").format(sql.Identifier(name)) for name in data
    )
    _run(
        driver,
        sql.SQL(
            "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
        ).format(sql.Identifier(staging), names, sql.Identifier(table)),
    )
    _copy(driver, staging, ["id", *data], zip(ids, *data.values(), strict=True))
    _run(
        driver,
        sql.SQL("UPDATE {} AS s SET {} FROM {} AS t WHERE s.id = t.id").format(
            sql.Identifier(table), assign, sql.Identifier(staging)
        ),
    )
    _run(driver, sql.SQL("DROP TABLE {}").format(sql.Identifier(staging)))


def _run(driver: Any, statement: sql.Composed) -> None:
    with _surfaced(driver, statement):
        driver.execute(statement)


def _copy(driver: Any, table: str, names: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with _surfaced(driver, statement), driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def _surfaced(driver: Any, statement: sql.Composed) -> Iterator[None]:
    """A psycopg error raised as SQLAlchemy would raise it (IntegrityError, ...)."""
    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement.as_string(driver), None, exc, psycopg.Error) from exc


def _defaults(table: Table, given: list[str]) -> dict[str, Any]:
    """Python-side defaults of the columns not given, evaluated once for the whole batch."""
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            continue
        value = default.arg(None) if default.is_callable else default.arg
        out[column.name] = value
    return out


def _bound(column: Any, values: Sequence[Any], dialect: Any) -> Sequence[Any]:
    """The values as the driver should receive them; None stays SQL NULL."""
    process: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    return [None if v is None else process(v) for v in values]
