from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_access_log_visits"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("first_at__lte", models.F("at"))), name="access_log_first_at_not_after_at"
            ),
        ),
    ]
