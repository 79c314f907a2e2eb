"""Translation catalogues: complete, compiled, and actually used by the pages.

The .po files are parsed here (no polib): locale/en holds the English translation of every
project string; locale/vi only fills gaps in Django's own Vietnamese catalogue.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD

LOCALE = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\{.*?\}\}")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr {index: text}, flags, obsolete."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
        else:
            keyword, rest = line.split(" ", 1)
            text = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                key = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                entry["msgstr"][key] = text
            else:
                key = keyword
                entry[key] = text
    return entries


def messages(path: Path) -> list[dict]:
    return [e for e in parse_po(path) if e["msgid"] and not e["obsolete"]]


def header(path: Path) -> str:
    return next(e for e in parse_po(path) if e["msgid"] == "")["msgstr"][0]


def test_it_translates_every_english_entry():
    entries = messages(EN_PO)
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plural = [e for e in entries if "msgid_plural" in e]
    assert plural and all(sorted(e["msgstr"]) == [0, 1] for e in plural)


def test_it_declares_the_english_header():
    text = header(EN_PO)
    assert "Language: en\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text
    assert not any("fuzzy" in e["flags"] for e in parse_po(EN_PO) if e["msgid"] == "")


@pytest.mark.parametrize("path", [EN_PO, VI_PO], ids=["en", "vi"])
def test_it_keeps_placeholders_in_translations(path):
    for e in messages(path):
        for source in [e["msgid"], e.get("msgid_plural", e["msgid"])]:
            wanted = sorted(set(PLACEHOLDER.findall(source)))
            for text in e["msgstr"].values():
                if text:
                    # %d may be dropped in a singular form ("one unit"), never renamed or added.
                    assert set(PLACEHOLDER.findall(text)) <= set(wanted), (e["msgid"], text)
            if "msgid_plural" not in e:
                assert sorted(set(PLACEHOLDER.findall(e["msgstr"][0]))) == wanted, e["msgid"]


@pytest.mark.parametrize("path", [EN_PO, VI_PO], ids=["en", "vi"])
def test_it_has_compiled_the_catalogue(path):
    """The committed .mo holds every translated pair of the .po (else run compilemessages)."""
    with path.with_suffix(".mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for e in messages(path):
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            for i, text in e["msgstr"].items():
                if text:
                    assert catalog.get((msgid, i)) == text, (msgid, i)
        elif e["msgstr"][0]:
            assert catalog.get(msgid) == e["msgstr"][0], msgid


def test_it_keeps_the_vietnamese_catalogue_to_django_strings():
    """Project msgids are Vietnamese already: locale/vi must not shadow them."""
    project = {e["msgid"] for e in messages(EN_PO)}
    vi = messages(VI_PO)
    assert vi
    assert [e["msgid"] for e in vi if e["msgid"] in project] == []
    assert "Plural-Forms: nplurals=1; plural=0;" in header(VI_PO)


def test_it_shows_the_login_page_in_vietnamese_by_default(db, client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Username" not in html and "Log in" not in html


def test_it_shows_the_login_page_in_english_when_chosen(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html and "Password" in html and "Log in" in html
    assert "Tên đăng nhập" not in html and "Đăng nhập" not in html


def test_it_stays_vietnamese_for_a_browser_set_to_english(db, client):
    # Many Vietnamese staff use browsers in English; only the language switch changes the UI.
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Log in" not in html


def test_it_goes_back_to_vietnamese_when_chosen(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Log in" not in html


def test_it_switches_language_with_the_switch(db, client):
    r = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert r.status_code == 302
    assert "Log in" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()


def _errors(password: str, language: str) -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as info:
        validate_password(password)
    return info.value.messages


def test_it_says_a_password_is_too_short_in_vietnamese():
    errors = _errors("abc", "vi")
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in errors
    assert not any("too short" in m for m in errors)


def test_it_says_a_password_is_too_short_in_english():
    assert any("too short" in m and "8 characters" in m for m in _errors("abc", "en"))


def test_it_refuses_a_wrong_login_in_the_chosen_language(tree, make_user, client):
    make_user("lan")
    wrong = {"username": "lan", "password": "sai-mat-khau"}
    html = client.post(reverse("login"), wrong).content.decode()
    assert "Vui lòng nhập đúng tên đăng nhập và mật khẩu." in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post(reverse("login"), wrong).content.decode()
    assert "Please enter a correct username and password." in html


def test_it_refuses_a_wrong_old_password_in_vietnamese(users, login):
    client = login(users.base_editor)
    new = "Hoa-sen-nở-2026!"
    data = {"old_password": "sai", "new_password1": new, "new_password2": "khác-hẳn-2026"}
    html = client.post(reverse("password_change"), data).content.decode()
    assert "Mật khẩu cũ không đúng. Vui lòng nhập lại." in html
    assert "Hai lần nhập mật khẩu không khớp nhau." in html
    assert "incorrectly" not in html and "didn’t match" not in html
    users.base_editor.refresh_from_db()
    assert users.base_editor.check_password(PASSWORD)


def test_it_explains_the_password_rules_of_the_change_form_in_vietnamese(users, login):
    client = login(users.base_editor)
    data = {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    html = client.post(reverse("password_change"), data).content.decode()
    assert "Mật khẩu này quá ngắn" in html and "Mật khẩu này hoàn toàn là số." in html
    assert "too short" not in html and "numeric" not in html
