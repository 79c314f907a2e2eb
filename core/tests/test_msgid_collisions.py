"""Our source strings are Vietnamese, and Vietnamese is the language with no catalogue of ours: a
string is shown as written unless some other catalogue loaded for "vi" happens to hold the same
msgid. Django's own Vietnamese catalogue translates the English "Thu" (Thursday) to "Thứ 5", so the
fund ledger's "Thu" (income) printed "Thứ 5". Every project msgid that equals a msgid of Django's or
an installed app's Vietnamese catalogue must carry a context (pgettext / translate … context …)."""

import ast
import gettext as gettext_module
import io
import re
import tokenize
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext, override
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
# What `make messages` leaves out, plus what is not ours.
SKIP_DIRS = {".venv", "var", "staticfiles", "node_modules", "locale", "vendor", "__pycache__"}

SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def source_files(suffixes):
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if path.suffix in suffixes and path.is_file():
            yield path


def _msgids(name, args):
    """The msgids without a context of one call, given its leading string arguments."""
    if name in SINGULAR and args:
        return args[:1]
    if name in PLURAL:
        return args[:2]
    return []


def python_msgids(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        args = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            args.append(arg.value)
        for msgid in _msgids(name, args):
            yield msgid, f"{path.relative_to(ROOT)}:{node.lineno}"


# A call as templatize writes it: gettext(u'…'), pgettext(u'ctx', u'…'), ngettext(u'…', u'…', count).
CALL = re.compile(
    r"""\b(?:n?p?gettext|_)\((?:\s*u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,?)*"""
)


def template_msgids(path):
    """What makemessages sees: Django's templatize turns a template into gettext(...) calls."""
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in CALL.finditer(text):
        tokens = tokenize.generate_tokens(io.StringIO(match.group(0) + ")").readline)
        name, _paren, *rest = [t for t in tokens if t.type != tokenize.ENDMARKER]
        args = [ast.literal_eval(t.string) for t in rest if t.type == tokenize.STRING]
        line = text.count("\n", 0, match.start()) + 1
        for msgid in _msgids(name.string, args):
            yield msgid, f"{path.relative_to(ROOT)}:{line}"


def project_msgids():
    """(msgid, where) of every translatable string without a context in our source."""
    for path in source_files({".py"}):
        yield from python_msgids(path)
    for path in source_files({".html", ".txt"}):
        yield from template_msgids(path)


def foreign_vietnamese_msgids():
    """Every msgid (without context) of the Vietnamese catalogues Django loads besides ours."""
    dirs = [Path(__import__("django").__file__).parent / "conf" / "locale"]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    ours = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    msgids = set()
    for localedir in dirs:
        if localedir.resolve() in ours or not localedir.is_dir():
            continue
        catalogue = gettext_module.translation("django", str(localedir), ["vi"], fallback=True)
        for key in getattr(catalogue, "_catalog", {}):
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid and "\x04" not in msgid:
                msgids.add(msgid)
    return msgids


def test_it_finds_the_source_strings_it_checks():
    found = {msgid for msgid, _where in project_msgids()}
    assert "Kết nạp / thêm người" in found  # a template
    assert "Họ và tên" in found  # Python
    assert len(found) > 1000
    assert "Thursday" not in found


def test_it_knows_djangos_vietnamese_catalogue():
    foreign = foreign_vietnamese_msgids()
    assert {"Thu", "Yes", "This field is required."} <= foreign


def test_no_project_string_without_a_context_takes_a_translation_from_another_catalogue():
    foreign = foreign_vietnamese_msgids()
    collisions = sorted(
        f"{where}: {msgid!r}" for msgid, where in project_msgids() if msgid in foreign
    )
    assert collisions == [], "give these strings a context (pgettext):\n" + "\n".join(collisions)


def test_it_shows_income_as_thu_in_vietnamese():
    from funds.models import Direction

    with override("vi"):
        assert str(Direction.IN.label) == "Thu"
        bare = "Thu"
        assert gettext(bare) == "Thứ 5"  # what the same msgid without a context would show
