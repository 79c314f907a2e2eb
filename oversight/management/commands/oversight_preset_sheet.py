from django.core.management.base import BaseCommand, CommandError

from org.models import Unit

from ...presets import create_seed000_sheet


class Command(BaseCommand):
    help = "Create the seed-000 score sheet (Hội cơ sở vững mạnh) for a unit and a year."

    def add_arguments(self, parser):
        parser.add_argument("unit", type=int, help="the issuing unit's id (a province, a district)")
        parser.add_argument("year", type=int)
        parser.add_argument("--base-type", default="", help="commune, ward, school … (empty: all)")

    def handle(self, *args, unit: int, year: int, base_type: str, **opts):
        try:
            top = Unit.objects.get(pk=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"no unit {unit}") from None
        sheet = create_seed000_sheet(actor=None, unit=top, year=year, base_type=base_type)
        self.stdout.write(f"sheet {sheet.pk}: {sheet.name}")
