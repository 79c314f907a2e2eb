from django.template import Context, Template


def render(choices, chosen) -> str:
    template = Template("{% load sohoi %}{% select_options choices chosen %}")
    return template.render(Context({"choices": choices, "chosen": chosen}))


def test_it_marks_the_chosen_option_by_its_text():
    html = render([("", "Toàn bộ"), (12, "Chi hội 1"), (13, "Chi hội 2")], "13")
    assert '<option value="13" selected>Chi hội 2</option>' in html
    assert '<option value="12">Chi hội 1</option>' in html
    assert html.count("selected") == 1


def test_it_escapes_values_and_labels():
    html = render([('a"b', "<b>Tổ 1</b> & 2")], None)
    assert html == '<option value="a&quot;b">&lt;b&gt;Tổ 1&lt;/b&gt; &amp; 2</option>'


def test_it_selects_the_empty_choice_when_nothing_is_chosen():
    html = render([("", "—"), (1, "Một")], None)
    assert html.startswith('<option value="" selected>')
