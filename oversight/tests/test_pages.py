"""The oversight pages as users see them: scope (404 outside, 403 without edit), the base's
self-assessment, the review, the ranking, the documents and the ceremony list."""

import io

import docx
import pytest
from python_calamine import CalamineWorkbook

from oversight import services
from oversight.models import Assessment, Commendation
from oversight.presets import create_seed000_sheet
from oversight.scoring import score_sheet
from people.services import create_person

from .factories import D, plan, visit


@pytest.fixture
def scored(users, tree):
    s = create_seed000_sheet(actor=users.province_manager, unit=tree.p1, year=2025)
    score_sheet(s)
    return s, Assessment.objects.get(sheet=s, unit=tree.b1)


def test_home_lists_recommendations_with_overdue(users, tree, login):
    pm = users.province_manager
    v = visit(pm, tree.b1)
    services.add_recommendation(
        actor=pm, visit=v, text_="Bổ sung sổ quỹ", owner=tree.b1, due=D(2025, 11, 1)
    )
    r = login(users.base_viewer).get(f"/u/{tree.b1.pk}/oversight/")
    body = r.content.decode()
    assert r.status_code == 200 and "Bổ sung sổ quỹ" in body and "1 quá hạn" in body


def test_visit_pages_scope_and_documents(users, tree, login, client):
    pm = users.province_manager
    p = plan(pm, tree.p1, [tree.b1])
    v = visit(pm, tree.b1, plan=p)
    assert login(users.sibling).get(f"/oversight/visits/{v.pk}/").status_code == 404
    assert client.get(f"/oversight/plans/{p.pk}/").status_code == 404
    c = login(users.base_viewer)
    assert c.get(f"/oversight/visits/{v.pk}/").status_code == 200
    assert c.post(f"/oversight/visits/{v.pk}/", {"text": "x", "owner": tree.b1.pk, "due": "2025-12-01"}).status_code == 403  # fmt: skip
    r = c.get(f"/oversight/visits/{v.pk}/record.docx")
    text = "\n".join(par.text for par in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "BIÊN BẢN" in text and "Nguyễn Văn An, Phó Bí thư Đảng uỷ" in text
    assert login(pm).get(f"/oversight/plans/{p.pk}/report.pdf").content.startswith(b"%PDF")
    assert c.get(f"/oversight/visits/{v.pk}/record.exe").status_code == 404  # pdf or docx only


def test_plan_and_visit_forms(users, tree, login):
    c = login(users.province_manager)
    r = c.post(f"/u/{tree.p1.pk}/oversight/plans/new/", {
        "number": "10/KH-CTĐ", "issued_on": "2025-04-18", "year": 2025, "content": "Kiểm tra công tác Hội",
        "units": [tree.b1.pk, tree.b2.pk], "team": "Phạm Thị Dung – Trưởng đoàn\nVõ Văn Em – Thành viên",
    })  # fmt: skip
    assert r.status_code == 302
    plan_url = r["Location"]
    assert "0/2" in c.get(plan_url).content.decode()
    pk = plan_url.rstrip("/").split("/")[-1]
    r = c.post(f"/u/{tree.b1.pk}/oversight/visits/new/?plan={pk}", {
        "on": "2025-10-16", "party": "Nguyễn Văn An – Phó Bí thư", "government": "", "association": "Lê Văn Cường – Chủ tịch",
        "strengths": "Tốt", "check_books": "yes",
    })  # fmt: skip
    assert r.status_code == 302
    assert "1/2" in c.get(plan_url).content.decode()
    assert login(users.base_viewer).get(f"/u/{tree.b1.pk}/oversight/plans/new/").status_code == 403
    assert login(users.base_editor).get(f"/u/{tree.p1.pk}/oversight/plans/new/").status_code == 404


def test_cancelling_a_visit_and_a_plan_from_their_pages(users, tree, login):
    from .factories import plan, visit

    pm_user = users.province_manager
    p = plan(pm_user, tree.p1, [tree.b1, tree.b2])
    v = visit(pm_user, tree.b1, plan=p)
    pm = login(pm_user)
    body = pm.get(f"/oversight/visits/{v.pk}/").content.decode()
    assert "Huỷ buổi kiểm tra ghi nhầm" in body
    r = pm.post(f"/oversight/visits/{v.pk}/cancel/", {"reason": ""}, follow=True)
    assert "Lý do huỷ: " in r.content.decode()  # the field named in the message
    v.refresh_from_db()
    assert v.cancelled_at is None
    r = pm.post(f"/oversight/visits/{v.pk}/cancel/", {"reason": "Ghi nhầm ngày"}, follow=True)
    body = r.content.decode()
    assert "Đã huỷ buổi kiểm tra." in body and 'data-testid="cancelled"' in body
    assert "Ghi nhầm ngày" in body and "Thêm kiến nghị" not in body
    assert "0/2" in pm.get(f"/oversight/plans/{p.pk}/").content.decode()
    base = login(users.base_editor)
    assert (
        base.post(f"/oversight/plans/{p.pk}/cancel/", {"reason": "x"}).status_code == 404
    )  # the province's plan
    assert login(users.sibling).post(f"/oversight/visits/{v.pk}/cancel/", {"reason": "x"}).status_code == 404  # fmt: skip
    pm = login(pm_user)
    r = pm.post(f"/oversight/plans/{p.pk}/cancel/", {"reason": "Lùi sang năm sau"}, follow=True)
    body = r.content.decode()
    assert "Đã huỷ kế hoạch kiểm tra." in body and "Lùi sang năm sau" in body
    assert "Ghi buổi kiểm tra" not in body


def test_base_self_assessment_then_review(users, tree, login, scored):
    s, a = scored
    manual = {c.number: c for c in s.criteria.filter(method="manual", children__isnull=True)}
    c = login(users.base_editor)
    assert c.get(f"/oversight/assessments/{a.pk}/").status_code == 200
    data = {"action": "submit"}
    for n, crit in manual.items():
        data[f"points_{crit.pk}"] = "5"
        data[f"evidence_{crit.pk}"] = f"Minh chứng {n}"
    data[f"evidence_{manual['4'].pk}"] = ""  # no evidence: refused, nothing submitted
    r = c.post(f"/oversight/assessments/{a.pk}/", data)
    assert r.status_code == 200 and "Hãy điền mục này" in r.content.decode()
    a.refresh_from_db()
    assert a.status == "draft"
    data[f"evidence_{manual['4'].pk}"] = "NQ 05"
    r = c.post(f"/oversight/assessments/{a.pk}/", data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "submitted" and a.total == 5 * len(manual)
    assert login(users.sibling).get(f"/oversight/assessments/{a.pk}/").status_code == 404
    pm = login(users.province_manager)
    r = pm.post(f"/oversight/assessments/{a.pk}/", {"action": "review", "criterion": manual["4"].pk, "points": "8", "comment": "Có nghị quyết chuyên đề"})  # fmt: skip
    assert r.status_code == 302
    body = pm.get(f"/oversight/assessments/{a.pk}/").content.decode()
    assert "5,0 → 8,0" in body and "Có nghị quyết chuyên đề" in body
    r = pm.post(f"/oversight/assessments/{a.pk}/", {"action": "final"})
    a.refresh_from_db()
    assert a.status == "final"


def test_the_level_above_returns_a_self_assessment_and_the_base_reads_why(
    users, tree, login, scored
):
    s, a = scored
    url = f"/oversight/assessments/{a.pk}/"
    manual = s.criteria.filter(method="manual", children__isnull=True)
    data = {"action": "submit"}
    for crit in manual:
        data[f"points_{crit.pk}"], data[f"evidence_{crit.pk}"] = "5", "NQ 05"
    assert login(users.base_editor).post(url, data).status_code == 302
    # The base may not send its own self-assessment back: no form, and a post changes nothing.
    assert "Trả lại để cơ sở chấm lại" not in login(users.base_editor).get(url).content.decode()
    login(users.base_editor).post(url, {"action": "return", "reason": "x"})
    a.refresh_from_db()
    assert a.status == "submitted"
    pm = login(users.province_manager)
    assert "Trả lại để cơ sở chấm lại" in pm.get(url).content.decode()
    r = pm.post(url, {"action": "return", "reason": " "})
    body = r.content.decode()
    assert r.status_code == 200 and 'invalid-feedback d-block">' in body  # no reason: kept
    a.refresh_from_db()
    assert a.status == "submitted"
    assert pm.post(url, {"action": "return", "reason": "Thiếu minh chứng tiêu chí 4"}).status_code == 302  # fmt: skip
    base = login(users.base_editor)
    body = base.get(url).content.decode()
    assert 'data-testid="returned"' in body and "Thiếu minh chứng tiêu chí 4" in body
    assert 'data-testid="self-form"' in body  # the base can score again
    assert base.post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.status == "submitted"
    assert 'data-testid="returned"' not in base.get(url).content.decode()


def test_ranking_page(users, tree, login, scored, make_user):
    s, _a = scored
    r = login(users.province_manager).get(f"/u/{tree.p1.pk}/oversight/sheets/{s.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and tree.b1.name in body and tree.b2.name in body
    assert (
        login(users.other_province).get(f"/u/{tree.p1.pk}/oversight/sheets/{s.pk}/").status_code
        == 404
    )
    viewer = make_user("tinh_xem", tree.p1, "viewer")
    assert login(viewer).post(f"/u/{tree.p1.pk}/oversight/sheets/{s.pk}/score/").status_code == 403


def test_awards_pages_and_ceremony_list(users, tree, login):
    pm = users.province_manager
    hanh = create_person(actor=pm, unit=tree.b1, full_name="Ngô Thị Hạnh", birth_year=1980, sex="F", confirm_duplicate=True)  # fmt: skip
    c = login(pm)
    r = c.post(f"/u/{tree.b1.pk}/oversight/awards/", {"person": hanh.pk, "year": 2025, "field": "blood", "level": "province",
                                                      "form": "merit", "proposed_on": "2025-06-01", "amount": 500000})  # fmt: skip
    assert r.status_code == 302
    award = services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="year", level="province", form="certificate", proposed_on=D(2025, 6, 1))  # fmt: skip
    r = c.post(f"/oversight/awards/{award.pk}/", {"number": "15/QĐ-CTĐ", "on": "2025-06-10", "issuer": "Hội CTĐ thành phố", "amount": 0})  # fmt: skip
    assert r.status_code == 302
    r = c.get(f"/u/{tree.p1.pk}/oversight/awards/ceremony.xlsx", {"year": 2025})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert any(tree.b1.name == row[1] and row[6] == "15/QĐ-CTĐ" for row in rows)
    assert login(users.sibling).get(f"/oversight/awards/{award.pk}/").status_code == 404


def test_history_on_the_person_and_unit_pages(users, tree, login):
    pm = users.province_manager
    hanh = create_person(actor=pm, unit=tree.b1, full_name="Ngô Thị Hạnh", birth_year=1980, sex="F", confirm_duplicate=True)  # fmt: skip
    mine = services.propose_commendation(actor=pm, unit=tree.b1, person=hanh, year=2025, field="blood", level="province", form="merit", proposed_on=D(2025, 6, 1))  # fmt: skip
    services.decide_commendation(actor=pm, commendation=mine, number="15/QĐ-CTĐ", on=D(2025, 6, 10), issuer="Hội CTĐ thành phố")  # fmt: skip
    services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="year", level="district", form="flag", proposed_on=D(2025, 6, 1))  # fmt: skip
    c = login(pm)
    body = c.get(f"/people/{hanh.pk}/").content.decode()
    assert "Bằng khen" in body and "15/QĐ-CTĐ" in body and "Cờ thi đua" not in body
    body = c.get(f"/u/{tree.b1.pk}/").content.decode()
    assert "Cờ thi đua" in body and "15/QĐ-CTĐ" not in body


def test_visit_figures_edited_on_the_page(users, tree, login):
    from indicators.figures import refresh_year

    refresh_year(2025)
    v = visit(users.province_manager, tree.b1)
    assert "members" in v.figures
    c = login(users.province_manager)
    data = {
        "action": "figures",
        **{f"fig_{code}": "" for code in v.figures},
        "fig_members": "1.234",
    }
    assert c.post(f"/oversight/visits/{v.pk}/", data).status_code == 302
    v.refresh_from_db()
    assert v.figures["members"] == 1234 and v.figures_auto["members"] != 1234
    assert login(users.base_viewer).post(f"/oversight/visits/{v.pk}/", data).status_code == 403


def test_a_proposal_names_its_person_by_name_within_the_scope_only(users, tree, login):
    pm, editor = users.province_manager, users.base_editor
    made = {
        n: create_person(actor=pm, unit=u, full_name=n, birth_year=y, sex="F", confirm_duplicate=True)
        for n, u, y in [("Ngô Thị Hạnh", tree.b1, 1980), ("Lê Thị Lan", tree.b1, 1985),
                        ("Lê Thị Lan Anh", tree.b1, 1990), ("Trịnh Thị Xa", tree.b2, 1970)]
    }  # fmt: skip
    c = login(editor)
    url = f"/u/{tree.b1.pk}/oversight/awards/"
    base = {"year": 2025, "field": "blood", "level": "base", "form": "merit",
            "proposed_on": "2025-06-01", "amount": 0}  # fmt: skip
    assert c.post(url, {**base, "person": "Ngô Thị Hạnh"}).status_code == 302
    assert Commendation.objects.get().person == made["Ngô Thị Hạnh"]
    # Two people match: refused, both named with their ids; nothing written.
    body = c.post(url, {**base, "person": "Lê Thị Lan"}).content.decode()
    assert "Có nhiều người khớp" in body and f"mã {made['Lê Thị Lan Anh'].pk}" in body
    assert Commendation.objects.count() == 1
    # Someone of the sibling base: the same message as nobody, by name or by id.
    for typed in ("Trịnh Thị Xa", str(made["Trịnh Thị Xa"].pk)):
        body = c.post(url, {**base, "person": typed}).content.decode()
        assert "Không tìm thấy người này" in body and "Trịnh Thị Xa (" not in body
    assert Commendation.objects.count() == 1
    # From the person's page: an editor gets the link, the form names the person.
    page = c.get(f"/people/{made['Lê Thị Lan'].pk}/").content.decode()
    assert f"{url}?person={made['Lê Thị Lan'].pk}#propose" in page
    form = c.get(url, {"person": made["Lê Thị Lan"].pk}).content.decode()
    assert "Đề nghị khen thưởng cá nhân: <strong>Lê Thị Lan</strong> (1985)" in form
    viewer_page = login(users.base_viewer).get(f"/people/{made['Lê Thị Lan'].pk}/").content.decode()
    assert "propose-award" not in viewer_page
