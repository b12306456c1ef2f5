"""Bulk writes of many rows inside the caller's transaction, without RETURNING.

Ids are allocated up front (:func:`allocate_ids`) and written explicitly, so no insert has to
hand back ids in parameter order. Rows go in by ``COPY ... FROM STDIN`` on PostgreSQL and by
one plain ``executemany`` on SQLite. Values pass through the columns' own bind processing (JSON,
UTC datetimes, dates), so what is stored is what a Core insert would store; Python-side column
defaults (``default=utcnow``) are filled in once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Columns = Mapping[str, Sequence[Any]]


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
    session: Session, table: Table, columns: Columns, ready: Collection[str] = ()
) -> int:
    """Insert rows given column by column (every sequence the same length); the row count.

    ``ready`` names columns whose values are already what the driver takes (JSON as text)."""
    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    if n == 0:
        return 0
    columns = {**columns, **_defaults(table, names, n)}
    connection = session.connection()
    dialect = connection.dialect
    rows = zip(
        *(
            values if name in ready else _bound(table.c[name], values, dialect)
            for name, values in columns.items()
        ),
        strict=True,
    )
    if dialect.name == "postgresql":
        _copy(connection.connection.driver_connection, table.name, list(columns), rows)
    else:
        marks = ", ".join("?" * len(columns))
        quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})",
            list(rows),
        )
    return n


def _copy(driver: Any, table: str, names: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:  # surface it as SQLAlchemy would (IntegrityError, ...)
        raise DBAPIError.instance(statement.as_string(driver), None, exc, psycopg.Error) from exc


def _defaults(table: Table, given: list[str], n: int) -> dict[str, list[Any]]:
    """Python-side defaults of the columns not given, evaluated once for the whole batch."""
    out: dict[str, list[Any]] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            continue
        value = default.arg(None) if default.is_callable else default.arg
        out[column.name] = [value] * n
    return out


def _bound(column: Any, values: Sequence[Any], dialect: Any) -> Sequence[Any]:
    """The values as the driver should receive them; None stays SQL NULL."""
    process: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    return [None if v is None else process(v) for v in values]
