"""Reads compiled to SQL once per process (per thread), for the queries every request makes.

Django compiles a queryset to SQL each time it runs, and ``raw()`` resolves its columns
again on every call; for the small reads on the hot path (the token with its customer,
an address book, the saved instruments) that work costs more than the database round
trip. A ``PreparedQuery`` builds the queryset once with placeholder arguments, keeps its
SQL, column layout and field converters, and then only executes the SQL with the real
arguments and builds the instances with ``Model.from_db``: same SQL, same rows, same
model instances (annotations come back as plain attributes).

Only for single-model querysets without ``select_related`` (annotate the few columns
of a joined table instead), and only with placeholders that cannot occur elsewhere
in the query's parameters. ``run_together`` sends several in one round trip. Each
thread compiles its own copy, because converters are bound to its database connection.
"""
import threading
from dataclasses import dataclass

from django.db import connections


@dataclass(frozen=True)
class _Compiled:
    model: type
    sql: str
    params: tuple
    slots: dict  # parameter position -> argument index
    attnames: list  # the model's fields, in select order
    field_slice: slice  # where those fields sit in a row
    annotations: dict  # annotation name -> column position
    converters: list  # (column position, converters, expression)


class PreparedQuery:
    def __init__(self, build, *placeholders):
        """``build(*placeholders)`` returns the queryset; each placeholder must be a value
        of the filtered field's type that appears nowhere else in the query."""
        self.build = build
        self.placeholders = placeholders
        self._local = threading.local()

    def _compile(self, using):
        compiled_by_alias = self._local.__dict__.setdefault("compiled", {})
        compiled = compiled_by_alias.get(using)
        if compiled is None:
            queryset = self.build(*self.placeholders).using(using)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            slots = {}
            for position, value in enumerate(params):
                for index, placeholder in enumerate(self.placeholders):
                    if type(value) is type(placeholder) and value == placeholder:
                        slots[position] = index
            if sorted(set(slots.values())) != list(range(len(self.placeholders))):
                raise ValueError("Every placeholder must appear among the query's parameters.")
            if queryset.query.is_sliced:
                raise ValueError("Page with limit= and offset= instead of slicing the queryset.")
            if compiler.klass_info.get("related_klass_infos"):
                raise ValueError("select_related is not supported: annotate the joined columns instead.")
            positions = compiler.klass_info["select_fields"]
            compiled = _Compiled(
                model=queryset.model,
                sql=sql,
                params=tuple(params),
                slots=slots,
                attnames=[compiler.select[position][0].target.attname for position in positions],
                field_slice=slice(positions[0], positions[-1] + 1),
                annotations=dict(compiler.annotation_col_map),
                converters=[
                    (position, tuple(converters), expression)
                    for position, (converters, expression) in compiler.get_converters(
                        [column for column, _sql, _alias in compiler.select]
                    ).items()
                ],
            )
            compiled_by_alias[using] = compiled
        return compiled

    def __call__(self, *args, using="default", limit=None, offset=0):
        """The model instances of the query for ``args``, in the query's order; ``limit``
        and ``offset`` page them (parameters too, so every page runs the same SQL)."""
        compiled, sql, params = self._statement(args, using, limit, offset)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return _instances(compiled, cursor.fetchall(), connection)

    def _statement(self, args, using, limit=None, offset=0):
        compiled = self._compile(using)
        sql, params = compiled.sql, list(compiled.params)
        for position, index in compiled.slots.items():
            params[position] = args[index]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return compiled, sql, params


def _instances(compiled, rows, connection):
    instances = []
    for row in rows:
        if compiled.converters:
            row = list(row)
            for position, converters, expression in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        instance = compiled.model.from_db(connection.alias, compiled.attnames, row[compiled.field_slice])
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def run_together(*calls, using="default"):
    """The results of several ``(query, args)`` calls, as ``query(*args)`` would give them:
    on PostgreSQL in one round trip (psycopg's pipeline mode), elsewhere one by one."""
    connection = connections[using]
    if connection.vendor != "postgresql" or len(calls) < 2:
        return [query(*args, using=using) for query, args in calls]
    statements = [query._statement(args, using) for query, args in calls]
    cursors = [connection.cursor() for _call in calls]  # before the pipeline: may check the connection
    try:
        # Errors surface at the pipeline's end: wrapped as Django's, like any query's.
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, (_compiled, sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
        return [
            _instances(compiled, cursor.fetchall(), connection)
            for cursor, (compiled, _sql, _params) in zip(cursors, statements, strict=True)
        ]
    finally:
        for cursor in cursors:
            cursor.close()
