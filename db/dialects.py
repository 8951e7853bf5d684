"""What the schema becomes on a database server, where SQLite was forgiving (SPEC §13).

SQLite stores any length in a VARCHAR(n) and any 64-bit integer in an INTEGER. PostgreSQL would
refuse a 65-character unit name in VARCHAR(64) and a number over 2,147,483,647 in INTEGER, so the
same import would pass on one backend and fail on the other. On PostgreSQL (and the 信创 databases
derived from it) a String is therefore an unbounded VARCHAR and an Integer a BIGINT; lengths stay
declared in the models for SQLite's sake and as documentation. Primary keys stay SERIAL (the
dialect chooses it by the column's type before this compiler is asked).
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles


def _as_declared(element, compiler, **kw) -> str:  # noqa: ANN001
    return getattr(compiler, f"visit_{element.__visit_name__}")(element, **kw)


@compiles(String, "postgresql")
def _unbounded_varchar(element, compiler, **kw) -> str:  # noqa: ANN001
    return "VARCHAR" if type(element) is String else _as_declared(element, compiler, **kw)


@compiles(Integer, "postgresql")
def _bigint(element, compiler, **kw) -> str:  # noqa: ANN001
    return "BIGINT" if type(element) is Integer else _as_declared(element, compiler, **kw)
