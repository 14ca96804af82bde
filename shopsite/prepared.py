"""Reads compiled to SQL once per process, for the few queries every request makes.

Django compiles a queryset to SQL each time it runs; for the small reads on the hot
path (the token with its customer, an address book, the saved instruments) that
compilation costs more than the database round trip. A ``PreparedQuery`` builds the
queryset once with placeholder arguments, keeps its SQL, and runs it through
``Model.objects.raw()`` with the real arguments: same SQL, same rows, same model
instances (field converters applied; annotations come back as plain attributes).

Only for single-model querysets without ``select_related`` (annotate the few columns
of a joined table instead), and only with placeholders that cannot occur elsewhere
in the query's parameters.
"""
import threading


class PreparedQuery:
    def __init__(self, build, *placeholders):
        """``build(*placeholders)`` returns the queryset; each placeholder must be a value
        of the filtered field's type that appears nowhere else in the query."""
        self.build = build
        self.placeholders = placeholders
        self._compiled = {}
        self._lock = threading.Lock()

    def _compile(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            queryset = self.build(*self.placeholders).using(using)
            sql, params = queryset.query.get_compiler(using).as_sql()
            slots = {}
            for position, value in enumerate(params):
                for index, placeholder in enumerate(self.placeholders):
                    if type(value) is type(placeholder) and value == placeholder:
                        slots[position] = index
            if sorted(set(slots.values())) != list(range(len(self.placeholders))):
                raise ValueError("Every placeholder must appear among the query's parameters.")
            compiled = (queryset.model, sql, list(params), slots)
            with self._lock:
                self._compiled[using] = compiled
        return compiled

    def __call__(self, *args, using="default"):
        """The model instances of the query for ``args``, in the query's order."""
        model, sql, params, slots = self._compile(using)
        params = list(params)
        for position, index in slots.items():
            params[position] = args[index]
        return list(model.objects.raw(sql, params).using(using))

