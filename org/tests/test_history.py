"""The district level, the units before 1/7/2025 and the reform replayed (issue 14)."""

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.access import has_perm_on
from indicators import figures, selectors
from indicators.catalogue import BY_CODE
from members.models import Membership
from members.tests.factories import make_member
from org.admin_areas import load_admin_areas
from org.legacy_areas import load_legacy_areas, package_source
from org.models import (
    AdminArea,
    LegacyArea,
    LegacySuccession,
    Unit,
    UnitChange,
    UnitKind,
    UnitSuccession,
)
from org.selectors import parent_on, predecessors_of
from org.services import create_unit, create_units_for_province, setup_association
from org.services.history import attach_history, build_history, replay_reform

D = datetime.date
REFORM = D(2025, 7, 1)
HAI_CHAU_DISTRICT = "492"
THACH_THANG = "20233"  # Phường Thạch Thang (old, quận Hải Châu) -> Phường Hải Châu (new)


def _new_code(name: str) -> str:
    return AdminArea.objects.get(province_code="48", name=name).code


@pytest.fixture
def danang(db):
    central = setup_association(actor=None, preset="red_cross")
    load_legacy_areas("48")
    result = attach_history(actor=None, central=central, province_code="48")
    return central, result


def _signature(province: Unit) -> set[tuple]:
    """Today's subtree of ``province``: what a user sees of it, by code."""
    return {
        (u.depth - province.depth, u.kind, u.admin_code, u.name, u.base_type, u.valid_to)
        for u in Unit.objects.subtree_of(province).current()
    }


# --- The district level ----------------------------------------------------------------------


def test_a_district_sits_between_a_province_and_its_bases(tree):
    d = create_unit(actor=None, parent=tree.p1, name="Hội CTĐ quận Hải Châu", kind="district")
    for kind in (UnitKind.BASE, UnitKind.TEAM, UnitKind.CLUB):
        create_unit(actor=None, parent=d, name=f"Đơn vị {kind}", kind=kind)
    school = create_unit(
        actor=None, parent=d, name="Hội CTĐ trường THPT Phan Châu Trinh", kind="base",
        base_type="school",
    )  # fmt: skip
    assert Unit.objects.get_parent(school).pk == d.pk


def test_a_district_runs_clubs_too(tree):
    from clubs.services import create_club

    d = create_unit(actor=None, parent=tree.p1, name="Hội CTĐ quận Hải Châu", kind="district")
    club = create_club(
        actor=None, unit=d, name="CLB Sơ cấp cứu", type="other", founded_on=D(2018, 5, 8)
    )
    assert club.unit_id == d.pk


@pytest.mark.parametrize(
    ("parent", "kind"),
    [
        ("district", UnitKind.DISTRICT),
        ("district", UnitKind.BRANCH),
        ("district", UnitKind.GROUP),
        ("central", UnitKind.DISTRICT),
        ("b1", UnitKind.DISTRICT),
    ],
)
def test_a_district_refuses_what_does_not_belong_under_it(tree, parent, kind):
    d = create_unit(actor=None, parent=tree.p1, name="Hội CTĐ quận Hải Châu", kind="district")
    where = d if parent == "district" else getattr(tree, parent)
    with pytest.raises(ValidationError, match="Không thể đặt"):
        create_unit(actor=None, parent=where, name="X", kind=kind)


# --- Reference data ---------------------------------------------------------------------------


def test_legacy_load_reads_the_63_province_data_and_is_idempotent(db):
    [r] = load_legacy_areas("49")  # an old code names the province it joined
    assert r.new_code == "48" and r.old_provinces == ["48", "49"]
    counts = (LegacyArea.objects.count(), LegacySuccession.objects.count())
    load_legacy_areas("48")
    assert (LegacyArea.objects.count(), LegacySuccession.objects.count()) == counts
    thach_thang = LegacyArea.objects.get(level="commune", code=THACH_THANG)
    assert thach_thang.name == "Phường Thạch Thang" and thach_thang.district_code == "492"
    [s] = thach_thang.successions.all()
    assert s.new.name == "Phường Hải Châu"
    # Every old commune goes somewhere, every new one comes from somewhere.
    olds = LegacyArea.objects.filter(level="commune", new_province_code="48")
    assert not olds.filter(successions__isnull=True).exists()
    news = AdminArea.objects.filter(level="commune", province_code="48")
    assert not news.filter(legacy_sources__isnull=True).exists()


def _broken_source(change) -> object:
    source = copy.deepcopy(package_source())
    change(source)
    return source


def test_a_mapping_naming_an_unknown_commune_is_refused_by_code_and_writes_nothing(db):
    def unknown(source):
        source.whole["thanhphodanang"]["phuonghaichau"].append(
            "thanhphodanang_quanhaichau_phuongkhongco"
        )

    with pytest.raises(ValidationError, match="phuongkhongco"):
        load_legacy_areas("48", source=_broken_source(unknown))
    assert not LegacyArea.objects.exists()


def test_a_division_whose_parts_do_not_add_up_is_refused_by_code(db):
    source = package_source()
    old = next(iter(source.divided["thanhphodanang"]))

    def no_default(s):
        for part in s.divided["thanhphodanang"][old]:
            part["isDefaultNewWard"] = False

    code = next(
        r[7] for r in source.legacy if f"{r[2]}_{r[6]}_{r[10]}" == old
    )  # the old commune's official code
    with pytest.raises(ValidationError, match=code):
        load_legacy_areas("48", source=_broken_source(no_default))
    assert not LegacySuccession.objects.exists()


def test_an_old_commune_left_unmapped_is_refused_by_code(db):
    def drop(s):
        s.whole["thanhphodanang"]["phuonghaichau"].remove(
            "thanhphodanang_quanhaichau_phuongthachthang"
        )

    with pytest.raises(ValidationError, match=THACH_THANG):
        load_legacy_areas("48", source=_broken_source(drop))


def test_the_command_loads_one_province_and_refuses_a_bad_code(db, capsys):
    call_command("load_admin_units", "--legacy", "--province", "48")
    assert "Tỉnh 48 (từ tỉnh cũ 48, 49)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        call_command("load_admin_units", "--legacy", "--province", "99")


# --- The replay ---------------------------------------------------------------------------------


def test_the_replay_of_da_nang_and_quang_nam_gives_todays_tree_exactly(danang):
    central, result = danang
    # The tree setup_association builds without history, under a second root for comparison.
    plain_root = Unit.objects.add_root({"name": "Đối chứng", "kind": UnitKind.CENTRAL})
    plain = create_units_for_province(actor=None, central=plain_root, province_code="48")
    assert _signature(result.province) == _signature(plain)
    assert Unit.objects.subtree_of(result.province).current().filter(kind="base").count() == 94
    # Both kinds of deployment meet: the plain set-up finds nothing missing in the replayed one.
    before = Unit.objects.count()
    create_units_for_province(actor=None, central=central, province_code="48")
    assert Unit.objects.count() == before
    # Quảng Nam ended on 30/6/2025 into Đà Nẵng; its districts stayed under it then.
    quang_nam = Unit.objects.get(kind="province", admin_code="49")
    assert quang_nam.valid_to == D(2025, 6, 30)
    assert quang_nam in predecessors_of(result.province)
    assert not Unit.objects.filter(kind="district", valid_to__isnull=True).exists()
    tam_ky = Unit.objects.get(kind="district", name__endswith="thành phố Tam Kỳ")
    assert parent_on(tam_ky, D(2019, 12, 31)).pk == quang_nam.pk


def test_an_old_ward_stays_under_its_district_and_leads_to_the_new_ward(danang):
    _central, result = danang
    old = Unit.objects.get(kind="base", admin_code=THACH_THANG, valid_to__isnull=False)
    district = Unit.objects.get_parent(old)
    assert district.kind == "district" and district.admin_code == HAI_CHAU_DISTRICT
    assert district.valid_to == D(2025, 6, 30)
    new = Unit.objects.get(kind="base", admin_code=_new_code("Phường Hải Châu"), valid_to=None)
    assert new.valid_from == REFORM and Unit.objects.get_parent(new).pk == result.province.pk
    assert old in predecessors_of(new)
    # The province's successor link finds the ended district (its History tab).
    assert UnitSuccession.objects.filter(predecessor=district, successor=result.province).exists()


def _value(unit, year, code):
    [row] = selectors.values([unit], year, [BY_CODE[code]])
    return row.cells[code].value


@pytest.fixture
def built(db):
    """Đà Nẵng and Quảng Nam as they stood on 30/6/2025, before the replay."""
    central = setup_association(actor=None, preset="red_cross")
    load_legacy_areas("48")
    build_history(actor=None, central=central, province_code="48")
    return central


def test_a_member_of_2019_counts_in_the_district_then_and_in_the_new_ward_now(built):
    old = Unit.objects.get(kind="base", admin_code=THACH_THANG)
    district = Unit.objects.get_parent(old)
    member = make_member(None, old, "Trần Thị Lan", joined=D(2019, 3, 8))
    replay_reform(actor=None, central=built, province_code="48")
    new = Unit.objects.get(kind="base", admin_code=_new_code("Phường Hải Châu"), valid_to=None)
    figures.refresh_all()
    assert _value(district, 2019, "members") == 1
    assert _value(Unit.objects.get_parent(district), 2019, "members") == 1
    assert _value(new, 2019, "members") in (0, None)  # it did not exist yet
    assert _value(new, 2026, "members") == 1
    assert _value(district, 2026, "members") in (0, None)
    [then, now] = Membership.objects.filter(person=member.person).order_by("joined_on")
    assert (then.unit_id, then.ended_on) == (old.pk, REFORM)
    assert (now.unit_id, now.joined_on) == (new.pk, REFORM)


def _divided():
    """The one old commune of Đà Nẵng the mapping divides: its code, default and other new code."""
    rows = list(
        LegacySuccession.objects.filter(old__new_province_code="48")
        .values_list("old__code", "new_id", "is_default")
        .order_by("old__code")
    )
    counts: dict[str, int] = {}
    for old, _new, _d in rows:
        counts[old] = counts.get(old, 0) + 1
    old = next(o for o, n in counts.items() if n > 1)
    default = next(n for o, n, d in rows if o == old and d)
    other = next(n for o, n, d in rows if o == old and not d)
    return old, default, other


@pytest.mark.parametrize("choose_other", [False, True])
def test_a_divided_communes_members_go_where_the_mapping_or_the_user_sends_them(
    built, choose_other
):
    old_code, default, other = _divided()
    old = Unit.objects.get(kind="base", admin_code=old_code)
    member = make_member(None, old, "Lê Văn Hùng", sex="M", joined=D(2020, 5, 1))
    choice = {old_code: other} if choose_other else {}
    replay_reform(actor=None, central=built, province_code="48", members_to=choice)
    old.refresh_from_db()
    assert old.valid_to == D(2025, 6, 30)
    successors = {u.admin_code for u in Unit.objects.filter(predecessions__predecessor=old)}
    assert successors == {default, other}
    now = Membership.objects.get(person=member.person, ended_on__isnull=True)
    assert now.unit.admin_code == (other if choose_other else default)
    assert now.unit.valid_to is None


def test_a_choice_for_a_commune_that_is_not_divided_is_refused_by_code(db):
    central = setup_association(actor=None, preset="red_cross")
    load_legacy_areas("48")
    with pytest.raises(ValidationError, match=f"{THACH_THANG}="):
        attach_history(
            actor=None, central=central, province_code="48", members_to={THACH_THANG: "20194"}
        )
    assert not Unit.objects.filter(kind="district").exists()


def test_history_is_not_built_twice(danang):
    central, _result = danang
    with pytest.raises(ValidationError, match="Tỉnh 48 đã có cây đơn vị trước 1/7/2025"):
        attach_history(actor=None, central=central, province_code="48")


def test_an_existing_deployment_gets_its_history_without_renumbering(db):
    central = setup_association(actor=None, preset="red_cross")
    load_admin_areas("48")
    province = create_units_for_province(actor=None, central=central, province_code="48")
    early = Unit.objects.children_of(province).order_by("path").first()
    make_member(None, early, "Phạm Thị Mai", joined=D(2021, 4, 2))
    before = dict(Unit.objects.values_list("pk", "path"))
    call_command("attach_history", "--province", "48")
    after = dict(Unit.objects.filter(pk__in=before).values_list("pk", "path"))
    assert after == before
    # Today's bases begin on the reform's day, except one holding members from before it.
    kept = Unit.objects.get(pk=early.pk)
    assert kept.valid_from == D(1900, 1, 1)
    dated = Unit.objects.subtree_of(province).current().filter(kind="base").exclude(pk=early.pk)
    assert set(dated.values_list("valid_from", flat=True)) == {REFORM}
    # Đà Nẵng's 8 districts (Hoàng Sa too) and Quảng Nam's 17, moved in with the merge.
    assert Unit.objects.filter(kind="district", path__startswith=province.path).count() == 25
    assert (
        Unit.objects.subtree_of(province).current().filter(kind="base").count()
        == AdminArea.objects.filter(province_code="48", level="commune").count()
    )


def test_setup_association_with_history_is_safe_to_run_again(db, capsys):
    call_command("setup_association", "--history", "--province", "48")
    n = Unit.objects.count()
    call_command("setup_association", "--history", "--province", "48")
    assert Unit.objects.count() == n
    assert "đã có cây đơn vị trước 1/7/2025, bỏ qua" in capsys.readouterr().out


# --- Scope -----------------------------------------------------------------------------------


def test_a_district_manager_covers_its_wards_until_the_reform_and_nothing_after(built, make_user):
    district = Unit.objects.get(kind="district", admin_code=HAI_CHAU_DISTRICT)
    old = Unit.objects.get(kind="base", admin_code=THACH_THANG)
    manager = make_user("qlhaichau", district, "manager")
    city = make_user("qldanang", Unit.objects.get_parent(district), "manager")
    # Before the reform: the district's wards, and no other district's.
    assert has_perm_on(manager, old, "manage")
    assert set(Unit.objects.visible_to(manager).filter(kind="base")) == set(
        Unit.objects.children_of(district)
    )
    replay_reform(actor=None, central=built, province_code="48")
    new = Unit.objects.get(kind="base", admin_code=_new_code("Phường Hải Châu"), valid_to=None)
    manager = type(manager).objects.get(pk=manager.pk)  # scopes are cached on the user
    city = type(city).objects.get(pk=city.pk)
    # After it: a role on an ended unit grants nothing (accounts.access), and today's ward hangs
    # under the city; the city's managers see both the old ward (its history) and the new one.
    assert not has_perm_on(manager, old) and not has_perm_on(manager, new)
    assert has_perm_on(city, old, "view") and has_perm_on(city, new, "manage")
    # Quảng Nam's districts moved under the city with the merge: its managers see them too.
    tam_ky = Unit.objects.get(kind="district", name__endswith="thành phố Tam Kỳ")
    assert has_perm_on(city, tam_ky, "view")
    assert has_perm_on(city, Unit.objects.children_of(tam_ky).first(), "view")
    assert UnitChange.objects.filter(unit=old).count() == 0  # the old ward never moved


# --- Pages --------------------------------------------------------------------------------------


def test_the_navigator_shows_the_tree_of_a_chosen_date(danang, make_user, login):
    _central, result = danang
    client = login(make_user("qldanang", result.province, "viewer"))
    url = f"/u/{result.province.pk}/"
    then = client.get(url, {"on": "2019-12-31"})
    names = [c.name for c in then.context["children"]]
    assert len(names) == 8 and "Hội Chữ thập đỏ quận Hải Châu" in names  # Đà Nẵng's districts
    assert "Cây đơn vị ngày 31/12/2019" in then.content.decode()
    now = client.get(url)
    kinds = {c.kind for c in now.context["children"]}
    assert kinds == {"base"} and len(now.context["children"]) == 94
    # Quảng Nam's districts hung under Quảng Nam then, not under Đà Nẵng.
    quang_nam = Unit.objects.get(kind="province", admin_code="49")
    assert quang_nam.pk not in [c.pk for c in then.context["children"]]
    assert client.get(url, {"on": "2999-01-01"}).context["children"] == now.context["children"]


def test_an_ended_district_shows_its_old_wards_and_search_says_where_they_went(
    danang, make_user, login
):
    _central, result = danang
    client = login(make_user("qldanang", result.province, "viewer"))
    district = Unit.objects.get(kind="district", admin_code=HAI_CHAU_DISTRICT)
    page = client.get(f"/u/{district.pk}/")
    assert {c.admin_code for c in page.context["children"]} == set(
        LegacyArea.objects.filter(district_code=HAI_CHAU_DISTRICT).values_list("code", flat=True)
    )
    assert "Chỉ tiêu đến năm 2025" in page.content.decode()
    found = client.get(
        f"/u/{result.province.pk}/search/", {"q": "thach thang", "ceased": "on"}
    ).content.decode()
    assert "đã sáp nhập vào Hội Chữ thập đỏ phường Hải Châu từ 01/07/2025" in found
    current_only = client.get(f"/u/{result.province.pk}/search/", {"q": "thach thang"})
    assert 'data-testid="search-empty"' in current_only.content.decode()
