import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Person

from .files import register_xlsx


def test_it_imports_from_the_command_line_and_prints_the_counts(tree, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(register_xlsx())
    out = io.StringIO()
    call_command(
        "import_register",
        str(path),
        "--unit",
        str(tree.b1.pk),
        "--kind",
        "member",
        "--dry-run",
        stdout=out,
    )
    assert "new: 5" in out.getvalue() and not Person.objects.exists()
    out = io.StringIO()
    call_command(
        "import_register", str(path), "--unit", str(tree.b1.pk), "--mode", "fill", stdout=out
    )
    assert "status: done" in out.getvalue() and Person.objects.count() == 5
    with pytest.raises(CommandError):
        call_command("import_register", str(tmp_path / "none.xlsx"), "--unit", str(tree.b1.pk))
