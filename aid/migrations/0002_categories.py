"""The association's hardship categories (a province adds its own on the categories page)."""

from django.db import migrations

CATEGORIES = [
    ("poor", "Hộ nghèo"),
    ("near_poor", "Hộ cận nghèo"),
    ("lonely_elderly", "Người cao tuổi cô đơn"),
    ("disabled", "Người khuyết tật"),
    ("orphan", "Trẻ mồ côi"),
    ("seriously_ill", "Người mắc bệnh hiểm nghèo"),
    ("agent_orange", "Nạn nhân chất độc da cam"),
    ("policy_family", "Gia đình chính sách"),
    ("war_invalid", "Thương binh, bệnh binh"),
    ("disaster_victim", "Nạn nhân thiên tai"),
    ("poor_student", "Học sinh, sinh viên nghèo"),
]


def add(apps, schema_editor):
    HardshipCategory = apps.get_model("aid", "HardshipCategory")
    for i, (code, name) in enumerate(CATEGORIES):
        HardshipCategory.objects.get_or_create(code=code, defaults={"name": name, "position": i})


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
