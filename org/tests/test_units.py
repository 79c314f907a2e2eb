"""The units tree: creating units, history by dates, presets and units made from official lists."""

import datetime
import unicodedata
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import AuditEvent
from org.admin_areas import load_admin_areas
from org.models import ALLOWED_CHILDREN, AdminArea, AssociationProfile, Unit, UnitKind
from org.presets import PRESETS
from org.services import apply_profile_preset, create_unit, create_units_for_province

D = datetime.date


def _unit(parent, kind, name=None):
    name = f"Đơn vị {kind}" if name is None else name
    return create_unit(actor=None, parent=parent, name=name, kind=kind)


@pytest.fixture
def one_of_each(db):
    """A unit of every kind that can have children, plus a group, team and club."""
    central = _unit(None, UnitKind.CENTRAL)
    province = _unit(central, UnitKind.PROVINCE)
    base = _unit(province, UnitKind.BASE)
    branch = _unit(base, UnitKind.BRANCH)
    return {
        UnitKind.CENTRAL: central,
        UnitKind.PROVINCE: province,
        UnitKind.DISTRICT: _unit(province, UnitKind.DISTRICT),
        UnitKind.BASE: base,
        UnitKind.BRANCH: branch,
        UnitKind.GROUP: _unit(branch, UnitKind.GROUP),
        UnitKind.TEAM: _unit(base, UnitKind.TEAM),
        UnitKind.CLUB: _unit(base, UnitKind.CLUB),
    }


# create_unit


@pytest.mark.parametrize("parent_kind", list(UnitKind))
@pytest.mark.parametrize("kind", [k for k in UnitKind if k != UnitKind.CENTRAL])
def test_it_allows_only_the_associations_shape(one_of_each, parent_kind, kind):
    parent = one_of_each[parent_kind]
    before = Unit.objects.count()
    if kind in ALLOWED_CHILDREN[parent_kind]:
        unit = _unit(parent, kind, name="Đơn vị mới")
        assert Unit.objects.get_parent(unit) == parent
        assert Unit.objects.count() == before + 1
    else:
        with pytest.raises(ValidationError) as info:
            _unit(parent, kind, name="Đơn vị mới")
        assert info.value.messages == [
            f"Không thể đặt {UnitKind(kind).label} dưới {UnitKind(parent_kind).label}."
        ]
        assert Unit.objects.count() == before


def test_it_explains_a_misplaced_unit_in_vietnamese(tree):
    with pytest.raises(ValidationError) as info:
        _unit(tree.br1a, UnitKind.BASE)
    assert info.value.messages == ["Không thể đặt Hội cơ sở dưới Chi hội."]


@pytest.mark.parametrize("kind", [k for k in UnitKind if k != UnitKind.CENTRAL])
def test_it_allows_only_a_central_unit_as_root(db, kind):
    with pytest.raises(ValidationError) as info:
        _unit(None, kind)
    assert info.value.messages == ["Chỉ Trung ương Hội mới là đơn vị gốc."]
    assert not Unit.objects.exists()


def test_it_normalises_names_and_builds_search_keys(tree):
    typed = "  Chi hội  " + unicodedata.normalize("NFD", "khối phố Hoà Khánh") + " "
    unit = _unit(tree.b1, UnitKind.BRANCH, name=typed)
    unit.refresh_from_db()
    assert unit.name == "Chi hội khối phố Hoà Khánh"
    assert unicodedata.is_normalized("NFC", unit.name)
    assert unit.search_key == "chi hoi khoi pho hoa khanh"
    assert Unit.objects.get(search_key__contains="hoa khanh") == unit


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_it_refuses_a_blank_name(tree, name):
    with pytest.raises(ValidationError) as info:
        _unit(tree.b1, UnitKind.BRANCH, name=name)
    assert info.value.messages == ["Tên đơn vị không được để trống."]


def test_it_records_who_created_a_unit(tree, users):
    unit = create_unit(
        actor=users.base_manager,
        parent=tree.b1,
        name="Chi hội tổ dân phố 3",
        kind=UnitKind.BRANCH,
        valid_from=D(2025, 7, 1),
    )
    assert unit.valid_from == D(2025, 7, 1)
    event = AuditEvent.objects.get(action="org.unit.create")
    assert event.actor == users.base_manager
    assert event.unit == unit
    assert event.unit_path == unit.path
    assert event.unit_path.startswith(tree.b1.path)
    assert event.object_id == str(unit.pk)
    assert event.data["name"] == "Chi hội tổ dân phố 3"
    assert event.data["valid_from"] == "2025-07-01"


def test_it_appends_children_after_their_siblings(tree):
    unit = _unit(tree.b1, UnitKind.BRANCH, name="Chi hội tổ dân phố 9")
    tree.b1.refresh_from_db()
    assert tree.b1.numchild == 3
    assert [c.pk for c in Unit.objects.get_children(tree.b1)] == [
        tree.br1a.pk,
        tree.br1b.pk,
        unit.pk,
    ]
    assert unit.depth == 4


# dates and history


def test_it_lists_a_ceased_unit_only_for_dates_it_existed(tree):
    Unit.objects.filter(pk=tree.br1b.pk).update(valid_from=D(2020, 1, 1), valid_to=D(2025, 6, 30))
    branches = Unit.objects.subtree_of(tree.b1).filter(kind=UnitKind.BRANCH)
    assert set(branches.existing_on(D(2025, 6, 30))) == {tree.br1a, tree.br1b}
    assert set(branches.existing_on(D(2025, 7, 1))) == {tree.br1a}
    assert set(branches.existing_on(D(2019, 12, 31))) == {tree.br1a}  # not yet founded
    assert set(branches.current()) == {tree.br1a}
    tree.br1b.refresh_from_db()
    assert not tree.br1b.is_current
    assert tree.br1b.existed_on(D(2020, 1, 1))
    assert tree.br1b.existed_on(D(2025, 6, 30))
    assert not tree.br1b.existed_on(D(2025, 7, 1))
    assert not tree.br1b.existed_on(D(2019, 12, 31))


def test_it_lists_ancestors_from_the_root(tree):
    assert list(tree.br1a.ancestors_and_self()) == [tree.central, tree.p1, tree.b1, tree.br1a]
    assert list(tree.central.ancestors_and_self()) == [tree.central]


def test_it_limits_a_subtree_to_its_own_units(tree):
    assert set(Unit.objects.subtree_of(tree.b1)) == {tree.b1, tree.br1a, tree.br1b}
    assert set(Unit.objects.subtree_of(tree.p2)) == {tree.p2, tree.b3}


def test_it_refuses_a_unit_ending_before_it_starts(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree.br1a.pk).update(
            valid_from=D(2025, 7, 1), valid_to=D(2025, 6, 30)
        )
    tree.br1a.refresh_from_db()
    assert tree.br1a.valid_to is None
    # One day of existence is a valid range.
    Unit.objects.filter(pk=tree.br1a.pk).update(valid_from=D(2025, 7, 1), valid_to=D(2025, 7, 1))


# association profile presets


@pytest.mark.parametrize("preset", ["red_cross", "women_union"])
def test_it_applies_a_profile_preset(make_user, preset):
    admin = make_user("root", is_superuser=True)
    profile = apply_profile_preset(actor=admin, preset=preset)
    stored = AssociationProfile.current()
    assert stored == profile
    assert stored.preset == preset
    assert stored.name == PRESETS[preset]["name"]
    assert stored.short_name == PRESETS[preset]["short_name"]
    assert stored.member_categories == PRESETS[preset]["member_categories"]
    assert stored.term("unit_prefix") == PRESETS[preset]["terminology"]["unit_prefix"]
    event = AuditEvent.objects.get(action="org.profile.apply_preset")
    assert event.actor == admin
    assert event.data == {"preset": preset}
    assert event.object_type == "org.associationprofile"


def test_it_switches_presets_and_keeps_one_profile(db):
    apply_profile_preset(actor=None, preset="red_cross")
    profile = apply_profile_preset(
        actor=None, preset="women_union", name="Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi"
    )
    assert AssociationProfile.objects.count() == 1
    assert profile.name == "Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi"
    assert profile.short_name == "LHPN"
    codes = [c["code"] for c in profile.member_categories]
    assert codes == ["member", "honorary"]
    assert AuditEvent.objects.filter(action="org.profile.apply_preset").count() == 2


def test_it_refuses_an_unknown_preset(db):
    with pytest.raises(KeyError):
        apply_profile_preset(actor=None, preset="khong_co")
    assert not AssociationProfile.objects.exists()


# units from the official list of communes


@pytest.fixture
def central_only(db):
    apply_profile_preset(actor=None, preset="red_cross")
    load_admin_areas("48")
    return _unit(None, UnitKind.CENTRAL, name="Trung ương Hội Chữ thập đỏ Việt Nam")


def test_it_creates_one_base_per_commune(central_only, make_user):
    admin = make_user("root", is_superuser=True)
    province = create_units_for_province(actor=admin, central=central_only, province_code="48")
    assert province.name == "Hội Chữ thập đỏ thành phố Đà Nẵng"
    assert province.kind == UnitKind.PROVINCE
    assert province.admin_code == "48"
    assert Unit.objects.get_parent(province) == central_only
    bases = Unit.objects.subtree_of(province).filter(kind=UnitKind.BASE)
    communes = AdminArea.objects.filter(level=AdminArea.Level.COMMUNE, province_code="48")
    assert bases.count() == communes.count() == 94
    assert set(bases.values_list("admin_code", flat=True)) == set(
        communes.values_list("code", flat=True)
    )
    assert Counter(bases.values_list("base_type", flat=True)) == {
        "commune": 70,
        "ward": 23,
        "special_zone": 1,
    }
    hai_chau = bases.get(admin_code="20242")
    assert hai_chau.name == "Hội Chữ thập đỏ phường Hải Châu"
    assert hai_chau.base_type == "ward"
    assert hai_chau.search_key == "hoi chu thap do phuong hai chau"
    assert all(b.depth == 3 for b in bases)
    events = AuditEvent.objects.filter(action="org.unit.create", actor=admin)
    assert events.count() == 95


def test_it_creates_units_for_a_province_idempotently(central_only):
    first = create_units_for_province(actor=None, central=central_only, province_code="48")
    count = Unit.objects.count()
    second = create_units_for_province(actor=None, central=central_only, province_code="48")
    assert second == first
    assert Unit.objects.count() == count
    codes = list(Unit.objects.filter(kind=UnitKind.BASE).values_list("admin_code", flat=True))
    assert len(codes) == len(set(codes)) == 94


def test_it_adds_only_the_missing_bases_to_an_existing_province(tree):
    load_admin_areas("48")
    existing = _unit(tree.p1, UnitKind.BASE, name="Hội Chữ thập đỏ phường Hải Châu (cũ)")
    Unit.objects.filter(pk=existing.pk).update(admin_code="20242")
    province = create_units_for_province(actor=None, central=tree.central, province_code="48")
    assert province == tree.p1
    assert Unit.objects.filter(admin_code="20242").count() == 1
    # b1, b2 (no official code), the existing one and the 93 missing ones.
    assert Unit.objects.subtree_of(tree.p1).filter(kind=UnitKind.BASE).count() == 96


def test_it_names_bases_with_the_associations_prefix(db):
    apply_profile_preset(actor=None, preset="women_union")
    load_admin_areas("04")
    central = _unit(None, UnitKind.CENTRAL, name="Trung ương Hội Liên hiệp Phụ nữ Việt Nam")
    province = create_units_for_province(actor=None, central=central, province_code="04")
    assert province.name == "Hội Liên hiệp Phụ nữ tỉnh Cao Bằng"
    names = (
        Unit.objects.subtree_of(province).filter(kind=UnitKind.BASE).values_list("name", flat=True)
    )
    assert all(
        n.startswith(("Hội Liên hiệp Phụ nữ xã ", "Hội Liên hiệp Phụ nữ phường ")) for n in names
    )


def test_it_refuses_a_province_that_is_not_loaded(central_only):
    with pytest.raises(ValidationError) as info:
        create_units_for_province(actor=None, central=central_only, province_code="51")
    assert info.value.messages == ["Chưa nạp đơn vị hành chính mã 51."]
    assert Unit.objects.count() == 1


def test_it_refuses_an_unknown_kind_with_a_validation_error(tree):
    with pytest.raises(ValidationError, match="Cấp đơn vị không hợp lệ"):
        create_unit(actor=None, parent=tree.b1, name="Đơn vị lạ", kind="commune")


def test_it_refuses_a_child_under_a_ceased_unit(tree):
    Unit.objects.filter(pk=tree.b2.pk).update(valid_to=datetime.date(2025, 6, 30))
    tree.b2.refresh_from_db()
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        create_unit(actor=None, parent=tree.b2, name="Chi hội mới", kind=UnitKind.BRANCH)
    assert not Unit.objects.filter(name="Chi hội mới").exists()


def test_it_keeps_base_types_for_bases_only(tree):
    with pytest.raises(ValidationError, match="Chỉ Hội cơ sở"):
        create_unit(
            actor=None, parent=tree.b1, name="Chi hội 9", kind=UnitKind.BRANCH, base_type="ward"
        )
    with pytest.raises(ValidationError, match="Loại hội cơ sở không hợp lệ"):
        create_unit(actor=None, parent=tree.p1, name="Hội X", kind=UnitKind.BASE, base_type="huyen")
    school = create_unit(
        actor=None,
        parent=tree.p1,
        name="Hội Chữ thập đỏ trường THPT Phan Châu Trinh",
        kind=UnitKind.BASE,
        base_type="school",
    )
    assert school.base_type == "school"
