"""Hand-written reads on hot paths (registration, check-in, a machine client's token), turned
into model instances.

Under a burst these reads run for every request, and building their SQL through the ORM cost
the worker more CPU than the database spent answering them (a query with a join and a
subquery: about 2 ms of compiling for a 0.1 ms read). Their SQL is written out here, or
compiled by the ORM once per process, and the rows become instances with the converters the
ORM itself would apply, so the instances are the same on PostgreSQL and SQLite.
"""

import functools

from django.db import connection


@functools.cache
def _converters(model, names: tuple[str, ...], vendor: str) -> tuple:
    """For each column, the backend's and the field's converters (what the ORM's compiler
    applies to a row), or () when the value is used as the driver hands it over."""
    table = model._meta.db_table
    found = []
    for name in names:
        column = model._meta.get_field(name).get_col(table)
        applied = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        found.append((tuple(applied), column))
    return tuple(found)


def model_from_row(model, fields, values):
    """An instance from a row of SQL that selected `fields` (concrete fields) in order."""
    names = tuple(field.name for field in fields)
    converted = []
    for value, (converters, column) in zip(
        values, _converters(model, names, connection.vendor), strict=True
    ):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def columns(model, alias: str) -> str:
    """`alias.column, …` of the model's concrete fields, in their order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


# Stands for an argument when a queryset's SQL is compiled once: no row's id (ids are
# positive), within a 32-bit integer column's range (the ORM compiles an out-of-range lookup
# to no query at all), and compared with the parameters the ORM made to find where each
# argument goes.
PROBES = (-2_000_000_001, -2_000_000_002, -2_000_000_003)


@functools.cache
def _compiled(build, count: int, vendor: str) -> tuple[str, tuple]:
    sql, params = build(*PROBES[:count]).query.sql_with_params()
    if not all(probe in params for probe in PROBES[:count]):
        # An argument the ORM folded into the SQL itself: the SQL cannot be reused.
        raise ValueError(f"{build.__name__}: every argument must be a parameter of its SQL")
    slots = tuple(PROBES.index(p) if p in PROBES else ("constant", p) for p in params)
    return sql, slots


def compiled_once(build, *arguments) -> tuple[str, list]:
    """The SQL of the queryset `build(*arguments)` and its parameters, the SQL compiled by
    the ORM on the first call only. `build` must be a module-level function whose query's
    shape does not depend on its (integer) arguments: only where they go in the parameters."""
    sql, slots = _compiled(build, len(arguments), connection.vendor)
    params = [arguments[s] if isinstance(s, int) else s[1] for s in slots]
    return sql, params
