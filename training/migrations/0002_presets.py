from django.db import migrations


def load(apps, schema_editor):
    from training.presets import ensure_presets

    ensure_presets(
        apps.get_model("training", "Course"),
        apps.get_model("training", "VolunteerRule"),
        apps.get_model("training", "RecognitionLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
