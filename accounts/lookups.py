"""`id__in_ids=[...]`: a column among many ids, sent as one parameter.

Django's `__in` prepares each value on its own and sends one placeholder per id, and psycopg then parses a query of
1,000 placeholders on every request: for a clinic of 1,000 patients that was some 7 ms per list in Python alone, and
Clinic outcomes sent three such lists. Here the ids travel as one parameter, an array on PostgreSQL and a JSON array
read back with json_each on SQLite; neither Django nor a library has this.
"""

import json

from django.db import models


class InIds(models.Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            # An array constant, which the planner sees through as it does `IN (1, 2, ...)` (a set-returning function
            # would be guessed at 100 rows whatever it holds).
            ids = "{" + ",".join(map(str, self.rhs)) + "}"  # whole numbers only (get_prep_lookup), and a parameter
            return f"{lhs} = ANY(%s::bigint[])", [*params, ids]  # noqa: S608 (lhs is the column Django compiled)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.rhs)]  # noqa: S608 (as above)


# Related fields keep lookups of their own (a foreign key's `patient_id__...`), apart from plain fields'.
models.Field.register_lookup(InIds)
models.ForeignObject.register_lookup(InIds)
