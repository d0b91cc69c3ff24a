"""The table of the shared cache (throttle counts, sign-in lockouts), made by `migrate` itself.

Every deployment runs `migrate`; a separate `createcachetable` step would be one more thing to forget, and
without the table every sign-in would fail. Where REDIS_URL points the cache at Redis, this does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
