"""The audit trail: written inside the write's transaction, read-only in the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from core import audit
from core.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction():
    # transaction=True: no test-wide atomic block around this test, as in autocommit code.
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="test.outside")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_rolls_back_with_the_write_that_failed():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(actor=None, action="test.rolled_back")
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists()


def test_it_stores_actor_unit_and_object(tree, users):
    with transaction.atomic():
        event = audit.record(
            actor=users.base_manager,
            action="test.write",
            unit=tree.br1a,
            obj=tree.br1a,
            data={"tên": "Chi hội tổ dân phố 1"},
        )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == users.base_manager
    assert event.action == "test.write"
    assert event.unit == tree.br1a
    assert event.unit_path == tree.br1a.path
    assert event.unit_path.startswith(tree.b1.path)
    assert event.object_type == "org.unit"
    assert event.object_id == str(tree.br1a.pk)
    assert event.data == {"tên": "Chi hội tổ dân phố 1"}
    assert event.at is not None


def test_it_stores_an_object_without_a_unit(users):
    with transaction.atomic():
        event = audit.record(actor=users.nobody, action="test.user", obj=users.nobody)
    event.refresh_from_db()
    assert event.unit is None
    assert event.unit_path == ""
    assert (event.object_type, event.object_id) == ("auth.user", str(users.nobody.pk))
    assert event.data == {}


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_it_stores_no_actor_for_system_and_anonymous_writes(db, actor):
    with transaction.atomic():
        event = audit.record(actor=actor, action="test.system")
    event.refresh_from_db()
    assert event.actor is None


def test_it_makes_the_audit_admin_read_only(users):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = users.superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_it_refuses_adding_changing_and_deleting_through_the_admin(client, tree, users):
    with transaction.atomic():
        event = audit.record(actor=users.base_manager, action="test.admin", unit=tree.b1)
    client.force_login(users.superuser)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # view only
    assert b'name="_save"' not in page.content
    response = client.post(change_url, {"action": "test.tampered"})
    assert response.status_code == 403
    delete_url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "test.admin"
