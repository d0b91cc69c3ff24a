import uuid

from django.db import migrations, models


def give_each_patient_its_own(apps, schema_editor):
    """A default on a new column is one value for every row: each existing patient gets a uuid of its own here."""
    Patient = apps.get_model("accounts", "Patient")
    for patient in Patient.objects.filter(public_id__isnull=True).only("pk").iterator():
        Patient.objects.filter(pk=patient.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_plan_changes_in_access_log")]

    operations = [
        migrations.AddField(model_name="patient", name="public_id", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(give_each_patient_its_own, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patient",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
