import re

from django.urls import reverse

from conftest import PASSWORD


def assert_no_inline_code(html: str) -> None:
    """The CSP allows scripts and styles from 'self' only: nothing inline may be rendered."""
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_it_redirects_to_the_only_top_unit(users, tree, login):
    response = login(users.base_manager).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit", args=[tree.b1.pk])


def test_it_lists_several_top_units(tree, make_user, login):
    user = make_user("hai_tinh", tree.p1, "viewer")
    user.role_assignments.create(unit=tree.p2, role="viewer")
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert tree.p1.name in html and tree.p2.name in html
    assert reverse("org:unit", args=[tree.p2.pk]) in html
    assert tree.central.name not in html


def test_it_welcomes_a_user_without_a_role(users, login):
    response = login(users.nobody).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa được phân công vào đơn vị nào" in html
    assert_no_inline_code(html)


def test_it_sends_anonymous_users_to_login(db, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post_on_home(users, login):
    assert login(users.base_manager).post(reverse("home")).status_code == 405


def test_it_renders_the_shell_with_vendored_assets_and_csrf_header(users, tree, login):
    html = login(users.base_manager).get(reverse("org:unit", args=[tree.b1.pk])).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "/static/js/sohoi.js" in html
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]{20,}\"\}'", html)
    assert "CTĐ" in html  # association short name in the navbar
    assert reverse("set_language") in html
    assert f'action="{reverse("logout")}"' in html
    assert_no_inline_code(html)


def test_it_shows_the_login_page_in_vietnamese(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert_no_inline_code(html)


def test_it_logs_in_through_the_form_and_out_with_post(users, client):
    response = client.post(reverse("login"), {"username": "coso_ql", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # logged in: redirected to the unit
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_it_switches_the_language(users, login):
    client = login(users.base_manager)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_it_answers_unknown_api_paths_in_json(client):
    r = client.get("/api/v1/khong-co")
    assert r.status_code == 404
    assert r.json() == {"detail": "Không có địa chỉ API này."}
    assert client.post("/api/v2/units").status_code == 404
