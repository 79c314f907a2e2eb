import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funds import services
from funds.models import Category, Direction, DonorKind, Frequency, OrganisationKind
from people.services import create_person


@pytest.fixture
def fund(tree, users, settings, tmp_path):
    """b1's fund: a donor of each kind, a monthly pledge, a donation with an attachment."""
    settings.MEDIA_ROOT = str(tmp_path)
    actor = users.base_manager
    person = create_person(
        actor=actor, unit=tree.b1, full_name="Trần Thị Bích Ngọc", birth_year=1970, sex="F"
    )
    pdonor = services.create_donor(actor=actor, unit=tree.b1, kind=DonorKind.PERSON, person=person)
    odonor = services.create_donor(
        actor=actor,
        unit=tree.b1,
        kind=DonorKind.ORGANISATION,
        name="Công ty TNHH Sông Hàn",
        organisation_kind=OrganisationKind.COMPANY,
    )
    pledge = services.create_pledge(
        actor=actor,
        donor=pdonor,
        unit=tree.b1,
        amount=200_000,
        frequency=Frequency.MONTHLY,
        start=datetime.date(2025, 1, 1),
    )
    entry = services.record_entry(
        actor=actor,
        unit=tree.b1,
        on=datetime.date(2025, 1, 15),
        amount=1_500_000,
        direction=Direction.IN,
        category=Category.DONATION,
        donor=pdonor,
        pledge=pledge,
        note="Bà Ngọc ủng hộ tháng 1",
        document_number="PT-001",
        attachment=SimpleUploadedFile("phieu-thu.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    return SimpleNamespace(
        person=person, person_donor=pdonor, org_donor=odonor, pledge=pledge, entry=entry
    )
