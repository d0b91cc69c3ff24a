"""The access log's visits are updated in place: `at` (moved by every read) leaves every index, and on PostgreSQL each
page keeps a fifth of its room free, so that moving `at` and `count` rewrites a row on its own page (a HOT update)
instead of adding an entry to each index. The recent visits of a reader are found by when they began."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "accounts_accesslogentry"


def keep_room_on_each_page(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 80)")


def fill_each_page(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_clinic_list_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["actor", "first_at"], name="access_log_actor_first_at"),
        ),
        migrations.RemoveIndex(
            model_name="accesslogentry",
            name="access_log_actor_at",
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="actor",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="first_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(keep_room_on_each_page, fill_each_page),
    ]
