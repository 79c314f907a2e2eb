"""The national rule (Thông tư 26/2013/TT-BYT) and the milestones honoured, as data."""

import datetime
from decimal import Decimal

from django.db import migrations

MILESTONES = (5, 10, 15, 20, 30, 40, 50, 70, 100)


def seed(apps, schema_editor):
    rule = apps.get_model("blood", "EligibilityRule")
    milestone = apps.get_model("blood", "Milestone")
    if not rule.objects.filter(unit__isnull=True).exists():
        rule.objects.create(
            unit=None,
            effective_from=datetime.date(2013, 11, 1),
            min_age=18,
            max_age=60,
            min_weight_female=Decimal(42),
            min_weight_male=Decimal(45),
            volume_steps=[[0, 250], [50, 350], [60, 450]],
            whole_blood_days=84,
            apheresis_days=14,
            source="Thông tư 26/2013/TT-BYT",
        )
    for n in MILESTONES:
        milestone.objects.get_or_create(count=n)


class Migration(migrations.Migration):
    dependencies = [("blood", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
