from org.bulk import NodeSpec, bulk_add_children
from org.models import Unit, UnitKind


def test_it_builds_a_valid_tree_set_based(tree, django_assert_max_num_queries):
    specs = [
        NodeSpec(
            name=f"Chi hội thôn {i}",
            kind=UnitKind.BRANCH,
            children=[NodeSpec(name=f"Tổ {i}.{j}", kind=UnitKind.GROUP) for j in range(3)],
        )
        for i in range(50)
    ]
    with django_assert_max_num_queries(6):
        created = bulk_add_children(tree.b3, specs)
    assert created == 200
    tree.b3.refresh_from_db()
    assert tree.b3.numchild == 50
    assert Unit.objects.get_children_count(tree.b3) == 50
    assert Unit.objects.get_descendant_count(tree.b3) == 200
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Unit.objects.get(name="Tổ 7.2").search_key == "to 7.2"


def test_it_appends_after_existing_children(tree):
    before = list(Unit.objects.get_children(tree.b1).values_list("name", flat=True))
    bulk_add_children(tree.b1, [NodeSpec(name="Chi hội mới", kind=UnitKind.BRANCH)])
    after = list(Unit.objects.get_children(tree.b1).values_list("name", flat=True))
    assert after == [*before, "Chi hội mới"]
    assert Unit.objects.find_problems() == ([], [], [], [], [])
