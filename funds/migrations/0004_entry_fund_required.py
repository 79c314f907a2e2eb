import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0003_book_entries_into_funds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="fund",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="funds.fund",
                verbose_name="quỹ",
            ),
        ),
    ]
