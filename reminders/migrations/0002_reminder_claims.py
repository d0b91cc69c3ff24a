"""A reminder's row is now a claim that is sent after: `run` becomes the batch's `claim`, with when it was due and
claimed; `sent_at` stays empty until it is sent. Rows from before were sent when inserted: they keep their `sent_at`,
and take it as their due and claim time too."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, Q


def rows_before_were_sent(apps, schema_editor):
    ReminderSent = apps.get_model("reminders", "ReminderSent")
    ReminderSent.objects.update(due_at=F("sent_at"), claimed_at=F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="remindersent", old_name="run", new_name="claim"),
        migrations.AddField(
            model_name="remindersent",
            name="due_at",
            field=models.DateTimeField(default=django.utils.timezone.now, help_text="When the reminder was due."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="remindersent",
            name="claimed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="sent_at",
            field=models.DateTimeField(blank=True, help_text="When it was handed over; null: not yet.", null=True),
        ),
        migrations.RunPython(rows_before_were_sent, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="remindersent",
            index=models.Index(condition=Q(sent_at__isnull=True), fields=["claimed_at"], name="reminder_unsent"),
        ),
    ]
