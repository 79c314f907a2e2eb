"""Admit a woman member and edit her, on a phone and a desktop: what the user sees of the radios."""

import pytest
from playwright.sync_api import expect

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 800), "desktop": (1366, 900)}

# Every radio and checkbox of the form against every label: an input must not lie over a label
# that is not its own, and its own label must be beside it (same line, to its right, visible).
_CHOICE_LAYOUT = """(form) => {
  const box = (e) => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const problems = [];
  const labels = [...form.querySelectorAll('label')].filter(l => box(l).width > 0);
  for (const input of form.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    const b = box(input);
    if (b.width === 0) continue;
    const own = input.labels[0];
    if (!own) { problems.push(`${input.id}: no label`); continue; }
    const o = box(own);
    if (o.width < 10 || !own.textContent.trim()) problems.push(`${input.id}: label not visible`);
    if (o.left < b.right - 1) problems.push(`${input.id}: label not right of the input`);
    if (Math.abs((o.top + o.bottom) / 2 - (b.top + b.bottom) / 2) > 12)
      problems.push(`${input.id}: label "${own.textContent.trim()}" not on the input's line`);
    for (const label of labels) {
      if (label !== own && meet(b, box(label)))
        problems.push(`${input.id} overlaps the label "${label.textContent.trim()}"`);
    }
    for (const other of form.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (other !== input && meet(b, box(other))) problems.push(`${input.id} overlaps ${other.id}`);
    }
  }
  return problems;
}"""


def assert_choices_laid_out(form):
    assert form.evaluate(_CHOICE_LAYOUT) == []


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


def test_it_admits_a_woman_by_clicking_nu_and_edits_her(page, viewport, users, tree):
    log_in(page, "coso_nhap")
    expect(page.get_by_test_id("unit-name")).to_have_text(tree.b1.name)
    page.goto(f"/u/{tree.b1.pk}/people/new/")
    form = page.get_by_test_id("person-new-form")
    form.get_by_label("Họ và tên").fill("Lê Thị Mai")
    sex = form.get_by_role("group", name="Giới tính")
    nu = sex.get_by_role("radio", name="Nữ")
    expect(nu).not_to_be_checked()
    sex.locator("label", has_text="Nữ").click()  # a person clicks the word, not the dot
    expect(nu).to_be_checked()
    expect(sex.get_by_role("radio", name="Nam")).not_to_be_checked()
    assert_choices_laid_out(form)
    form.get_by_label("Năm sinh").fill("1990")
    form.get_by_label("Sinh hoạt tại").select_option(label=f"{tree.br1a.name} — {tree.b1.name}")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"person-new-{viewport}.png", full_page=True)
    form.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Lê Thị Mai")).to_be_visible()
    expect(page.locator("dt", has_text="Giới tính").locator("+ dd")).to_have_text("Nữ")

    page.goto(f"/u/{tree.b1.pk}/members/")
    row = page.get_by_test_id("register-row").filter(has_text="Lê Thị Mai")
    headers = page.get_by_test_id("register-table").locator("thead th")
    column = [h.strip() for h in headers.all_inner_texts()].index("Nữ")
    expect(row.locator("td").nth(column)).to_have_text("1990")  # born 1990, in the women's column

    row.get_by_role("link", name="Lê Thị Mai").click()
    page.get_by_role("link", name="Sửa hồ sơ").click()
    form = page.get_by_test_id("person-edit-form")
    sex = form.get_by_role("group", name="Giới tính")
    expect(sex.get_by_role("radio", name="Nữ")).to_be_checked()
    expect(sex.locator("label", has_text="Nữ")).to_be_visible()
    assert_choices_laid_out(form)
    page.screenshot(path=SCREENSHOTS / f"person-edit-{viewport}.png", full_page=True)
    form.get_by_label("Nghề nghiệp").fill("Giáo viên")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("dt", has_text="Giới tính").locator("+ dd")).to_have_text("Nữ")
    assert page.console_errors == []


def test_it_lays_out_every_other_choice_list_with_labels_beside_their_inputs(
    page, viewport, users, tree
):
    from members.tests.factories import make_member

    member = make_member(users.base_manager, tree.br1a, "Phạm Thị Lan", year=1980)
    log_in(page, "tw_admin")
    expect(page.get_by_test_id("unit-name")).to_have_text(tree.central.name)
    pages = {
        "end": (f"/memberships/{member.pk}/end/", "Lý do", "Xin thôi"),
        "merge": (f"/u/{tree.br1a.pk}/merge/", "Hợp nhất cùng các đơn vị", tree.br1b.name),
        "policy": (f"/u/{tree.p1.pk}/dues/policy/", "Loại hội viên phải đóng", "Hội viên"),
    }
    for name, (url, legend, choice) in pages.items():
        page.goto(url)
        group = page.get_by_role("group", name=legend)
        box = group.get_by_role(re_role(group), name=choice).first
        was = box.is_checked()
        group.locator("label", has_text=choice).first.click()  # the word, not the box
        expect(box).to_be_checked(checked=not was)
        assert_choices_laid_out(page.locator("main form").last), name
        if viewport == "phone":
            assert_fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / f"choices-{name}-{viewport}.png", full_page=True)
    assert page.console_errors == []


def re_role(group):
    return "radio" if group.locator("input[type=radio]").count() else "checkbox"
