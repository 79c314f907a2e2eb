"""The association's default cow bank rule (a province's own rule wins): the first calf is passed
on at 6 to 12 months; a male calf is sold to buy a heifer."""

import datetime

from django.db import migrations


def forward(apps, schema_editor):
    CowRule = apps.get_model("projects", "CowRule")
    if not CowRule.objects.filter(unit__isnull=True, retired_on__isnull=True).exists():
        CowRule.objects.create(
            unit=None, calf_number=1, min_age_months=6, max_age_months=12, sell_male=True,
            since=datetime.date(2000, 1, 1), note="Quy định chung của Hội",
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
