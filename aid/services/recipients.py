"""Recipient lists of a campaign: lines added from beneficiaries or typed/imported people, one
parcel per person per campaign anywhere in the association; approval (one fund entry for the
list's cash), withdrawal (the entry reversed, the people freed), the delivery tick-list.

Who a line is: the person picked (in the user's scope), else the person holding the CCCD typed
(anywhere), else a person of the list's base with the same name key and birth year, else a new
person registered by the list's unit. A person outside the user's scope is never revealed: when
someone else's list already holds them, the refusal says only which unit listed them and when;
otherwise the line is refused with people's neutral CCCD message (never admitted).

The rule itself is the partial unique index ``aid_one_parcel_per_campaign`` on (campaign,
person): two units adding the same person at the same moment both pass the check above, the
second insert waits for the first transaction and fails; its lines are then refused the same way.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.pgbulk import reserve_ids
from core.text import nfc, search_key, vn_sort_key
from core.vn import clean_cccd
from funds import services as fund_services
from funds.models import Category, Direction, FundKind
from members.models import Membership
from org.locks import ensure_open
from org.models import Unit
from people.models import Person, Sex
from people.selectors import base_of
from people.services import CCCD_ELSEWHERE

from ..models import Campaign, Delivery, ListStatus, Recipient, RecipientList

MAX_LINES = 20_000


@dataclass
class RecipientLine:
    """One line to add: ``person_id`` (someone in the user's scope) or the typed values."""

    line: int
    person_id: int | None = None
    full_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    cccd: str = ""
    address: str = ""
    phone: str = ""
    parcel_type_id: int | None = None


class LinesRefused(ValidationError):
    """Some lines cannot be added: ``lines`` is [(line number, reason)]; nothing was written."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.lines = sorted(lines)
        super().__init__([_("Dòng %(n)d: %(why)s") % {"n": n, "why": why} for n, why in self.lines])


@transaction.atomic
def create_list(
    *, actor, campaign: Campaign, unit: Unit, title: str = "", from_fund: bool = False
) -> RecipientList:
    """A unit taking part in the campaign (or a unit under one) starts a list."""
    if campaign.cancelled_at is not None:
        raise ValidationError(_("Đợt này đã huỷ."))
    paths = list(campaign.units.values_list("unit__path", flat=True)) or [campaign.unit.path]
    if not any(unit.path.startswith(p) for p in paths):
        raise ValidationError(_("Đơn vị không tham gia đợt này."))
    ensure_open(unit=unit, on=campaign.start)
    title = nfc(title).strip() or f"{campaign.name} · {unit.name}"
    rl = RecipientList.objects.create(
        campaign=campaign, unit=unit, title=title[:255], from_fund=from_fund,
        created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(
        actor=actor, action="aid.list.create", unit=unit, obj=rl,
        data={"campaign": campaign.pk, "from_fund": from_fund},
    )  # fmt: skip
    return rl


@dataclass
class _Clean:
    line: RecipientLine
    name: str = ""
    key: str = ""
    cccd: str = ""
    parcel: int = 0
    person_id: int | None = None
    sort_key: str = ""


def _clean_lines(actor, rl: RecipientList, lines, parcels: dict) -> tuple[list[_Clean], dict]:
    """Values checked line by line; errors {line: reason}."""
    errors: dict[int, str] = {}
    out: list[_Clean] = []
    this_year = timezone.localdate().year
    picked = {ln.person_id for ln in lines if ln.person_id}
    allowed = set(
        Person.objects.visible_to(actor, "edit").filter(pk__in=picked).values_list("pk", flat=True)
    ) if picked else set()  # fmt: skip
    for ln in lines:
        c = _Clean(ln)
        parcel = ln.parcel_type_id or (next(iter(parcels)) if len(parcels) == 1 else None)
        if parcel is None or parcel not in parcels:
            errors[ln.line] = _("chưa chọn loại quà của đợt này")
            continue
        c.parcel = parcel
        if ln.person_id:
            if ln.person_id not in allowed:
                errors[ln.line] = _("không tìm thấy người này trong phạm vi của bạn")
                continue
            c.person_id = ln.person_id
            out.append(c)
            continue
        c.name = " ".join(nfc(ln.full_name or "").split())
        if len(c.name.split()) < 2:
            errors[ln.line] = _("thiếu họ và tên") if not c.name else _("cần ghi đủ họ và tên")
            continue
        if ln.birth_year is None:
            errors[ln.line] = _("thiếu năm sinh")
            continue
        if not 1900 <= ln.birth_year <= this_year:
            errors[ln.line] = _("năm sinh phải từ 1900 đến %(y)d") % {"y": this_year}
            continue
        if ln.sex and ln.sex not in Sex.values:
            errors[ln.line] = _("giới tính phải là Nam hoặc Nữ")
            continue
        try:
            c.cccd = clean_cccd(ln.cccd, birth_year=ln.birth_year, sex=ln.sex or None)
        except ValidationError as e:
            errors[ln.line] = " ".join(e.messages)
            continue
        c.key = search_key(c.name)
        c.sort_key = vn_sort_key(c.name)
        out.append(c)
    return out, errors


def _inside_duplicates(rows: list[_Clean], errors: dict[int, str]) -> list[_Clean]:
    seen: dict[tuple, int] = {}
    kept = []
    for c in rows:
        keys: list[tuple] = []
        if c.person_id:
            keys.append(("p", c.person_id))
        if c.cccd:
            keys.append(("c", c.cccd))
        if c.key:
            keys.append(("n", c.key, c.line.birth_year))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            errors[c.line.line] = _("trùng với dòng %(n)d của danh sách này") % {"n": first}
            continue
        for k in keys:
            seen[k] = c.line.line
        kept.append(c)
    return kept


def _resolve(rows: list[_Clean], base: Unit) -> None:
    """Existing people for typed lines: by CCCD anywhere, else by name key and birth year in the
    list's base (registered there or a member there). Two queries."""
    cccds = [c.cccd for c in rows if c.person_id is None and c.cccd]
    by_cccd = dict(Person.objects.filter(cccd__in=cccds).values_list("cccd", "pk")) if cccds else {}
    named = [c for c in rows if c.person_id is None and not c.cccd]
    by_name: dict[tuple, int] = {}
    if named:
        members = Membership.objects.filter(unit_path__startswith=base.path).values("person_id")
        found = (
            Person.objects.filter(
                search_key__in={c.key for c in named},
                birth_year__in={c.line.birth_year for c in named},
            )
            .filter(Q(unit__path__startswith=base.path) | Q(pk__in=members))
            .order_by("-pk")
            .values_list("search_key", "birth_year", "pk")
        )
        by_name = {(k, y): pk for k, y, pk in found}  # the oldest record wins (ordered -pk)
    for c in rows:
        if c.person_id is None:
            c.person_id = by_cccd.get(c.cccd) if c.cccd else by_name.get((c.key, c.line.birth_year))


def _already_listed(campaign: Campaign, rows: list[_Clean], errors: dict[int, str]) -> None:
    ids = [c.person_id for c in rows if c.person_id]
    if not ids:
        return
    held = {
        pid: (unit_name, at)
        for pid, unit_name, at in Recipient.objects.filter(
            campaign=campaign, removed_at__isnull=True, person_id__in=ids
        ).values_list("person_id", "unit__name", "created_at")
    }
    for c in rows:
        if c.person_id in held:
            unit_name, at = held[c.person_id]
            errors[c.line.line] = _(
                "đã có trong danh sách nhận quà của đợt này tại %(unit)s (ngày %(date)s)"
            ) % {"unit": unit_name, "date": format_date(timezone.localtime(at).date())}


def _out_of_scope(actor, rows: list[_Clean], errors: dict[int, str]) -> None:
    """Lines matched (by CCCD) to someone the user may not see: refused, neutrally."""
    ids = [c.person_id for c in rows if c.person_id and c.line.person_id is None and c.cccd]
    if not ids:
        return
    seen = set(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    for c in rows:
        if c.person_id in ids and c.person_id not in seen and c.line.line not in errors:
            errors[c.line.line] = str(CCCD_ELSEWHERE)


def _write(model, rows: list[dict], *, with_ids: bool = False) -> list[int]:
    """Insert ``rows`` (field values by attname): COPY on PostgreSQL (the ORM's bulk insert
    spends seconds building ten thousand statements' parameters), bulk_create elsewhere. The
    new primary keys when ``with_ids``. A unique index refusing a row raises IntegrityError."""
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**r) for r in rows], batch_size=2000)
        return [o.pk for o in objs]
    if with_ids:
        first = reserve_ids(model, len(rows))
        for i, r in enumerate(rows):
            r["id"] = first + i
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }  # fmt: skip
    names = [f.attname for f in fields]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
    with (
        connection.wrap_database_errors,
        connection.cursor() as cur,
        cur.cursor.copy(sql) as copy,
    ):
        for r in rows:
            copy.write_row([r[a] if a in r else defaults[a] for a in names])
    return [r["id"] for r in rows] if with_ids else []


def _new_people(actor, rl: RecipientList, rows: list[_Clean]) -> None:
    new = [c for c in rows if c.person_id is None]
    if not new:
        return
    ids = _write(
        Person,
        [
            {"full_name": c.name, "search_key": c.key, "sort_key": c.sort_key,
             "sex": c.line.sex or "", "birth_year": c.line.birth_year, "cccd": c.cccd or None,
             "phone": (c.line.phone or "")[:11],
             "address_detail": nfc(c.line.address or "")[:255], "unit_id": rl.unit_id}
            for c in new
        ],
        with_ids=True,
    )  # fmt: skip
    for c, pk in zip(new, ids, strict=True):
        c.person_id = pk


@transaction.atomic
def add_recipients(*, actor, rlist: RecipientList, lines: list[RecipientLine]) -> list[dict]:
    """Add ``lines`` to a list being drawn up: all of them, or none (LinesRefused names each
    refused line with its reason). Returns the lines written (as field values)."""
    rl = (
        RecipientList.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=rlist.pk)
    )
    if rl.status != ListStatus.DRAFT:
        raise ValidationError(_("Danh sách đã duyệt hoặc đã rút, không thêm người được."))
    if not lines:
        raise ValidationError(_("Danh sách không có dòng nào."))
    if len(lines) > MAX_LINES:
        raise ValidationError(_("Mỗi lần thêm tối đa %(n)d người.") % {"n": MAX_LINES})
    campaign = rl.campaign
    ensure_open(unit=rl.unit, on=timezone.localdate())
    parcels = {p.pk: p for p in campaign.parcel_types.all()}
    if not parcels:
        raise ValidationError(_("Đợt này chưa có loại quà nào."))
    rows, errors = _clean_lines(actor, rl, lines, parcels)
    rows = _inside_duplicates(rows, errors)
    _resolve(rows, base_of(rl.unit))
    _already_listed(campaign, rows, errors)
    _out_of_scope(actor, rows, errors)
    if errors:
        raise LinesRefused(list(errors.items()))
    try:
        with transaction.atomic():
            _new_people(actor, rl, rows)
            created = _insert(actor, rl, rows, parcels)
    except IntegrityError:
        # Someone else listed (or registered) one of these people meanwhile: say who, if it is
        # a listing; else the CCCD was taken at the same moment.
        _resolve(rows, base_of(rl.unit))
        _already_listed(campaign, rows, errors)
        if not errors:
            errors = {rows[0].line.line: str(CCCD_ELSEWHERE)}
        raise LinesRefused(list(errors.items())) from None
    audit.record(
        actor=actor, action="aid.list.add", unit=rl.unit, obj=rl,
        data={"count": len(created), "cash": sum(r["cash"] for r in created),
              "goods": sum(r["goods"] for r in created)},
    )  # fmt: skip
    note_changed(unit_ids=[rl.unit_id], since=campaign.start)
    return created


def _insert(actor, rl: RecipientList, rows: list[_Clean], parcels: dict) -> list[dict]:
    """The list's lines; the name, year and address of people picked or found are their
    records' (typed lines keep what was typed)."""
    known = {
        pk: (name, year, address, key)
        for pk, name, year, address, key in Person.objects.filter(
            pk__in=[c.person_id for c in rows if not c.name]
        ).values_list("pk", "full_name", "birth_year", "address_detail", "sort_key")
    }
    by = user_or_none(actor)
    out = []
    for c in rows:
        parcel = parcels[c.parcel]
        name, year, address, key = known.get(c.person_id or 0, ("", None, "", ""))
        out.append({
            "campaign_id": rl.campaign_id, "list_id": rl.pk, "unit_id": rl.unit_id,
            "person_id": c.person_id, "parcel_type_id": parcel.pk,
            "full_name": c.name or name, "birth_year": c.line.birth_year or year,
            "address": nfc(c.line.address or "").strip()[:255] or address,
            "sort_key": c.sort_key or key, "cash": parcel.cash, "goods": parcel.goods,
            "created_by_id": by.pk if by else None,
        })  # fmt: skip
    _write(Recipient, out)
    return out


@transaction.atomic
def remove_recipient(*, actor, recipient: Recipient, reason: str) -> Recipient:
    r = Recipient.objects.select_for_update().select_related("list", "unit").get(pk=recipient.pk)
    if r.list.status != ListStatus.DRAFT:
        raise ValidationError(_("Danh sách đã duyệt: hãy rút cả danh sách nếu cần sửa."))
    if r.removed_at is not None:
        raise ValidationError(_("Dòng này đã bỏ khỏi danh sách."))
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do.")]})
    r.removed_at, r.removed_by, r.remove_reason = timezone.now(), user_or_none(actor), reason[:255]
    r.save(update_fields=["removed_at", "removed_by", "remove_reason"])
    audit.record(
        actor=actor, action="aid.list.remove_line", unit=r.unit, obj=r.list,
        data={"recipient": r.pk, "reason": r.remove_reason},
    )  # fmt: skip
    note_changed(unit_ids=[r.unit_id], since=r.list.campaign.start)
    return r


@transaction.atomic
def approve_list(*, actor, rlist: RecipientList, on: datetime.date) -> RecipientList:
    """Approve a list; with money from the fund, one entry for the list's cash (the signed list
    attached to it)."""
    rl = (
        RecipientList.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=rlist.pk)
    )
    if rl.status != ListStatus.DRAFT:
        raise ValidationError(_("Danh sách này không còn ở bước lập."))
    if on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày không được sau hôm nay.")]})
    lines = rl.lines.filter(removed_at__isnull=True)
    totals = lines.aggregate(cash=Sum("cash"), goods=Sum("goods"))
    count, cash = lines.count(), totals["cash"] or 0
    if not count:
        raise ValidationError(_("Danh sách chưa có ai."))
    ensure_open(unit=rl.unit, on=on)
    if rl.from_fund and cash:
        from ..exports import receipt_xlsx

        rl.fund_entry = fund_services.record_entry(
            actor=actor, unit=rl.unit, on=on, amount=cash, direction=Direction.OUT,
            category=Category.RELIEF, fund=FundKind.HUMANITARIAN, campaign=rl.campaign.name,
            document_number=f"DS-{rl.pk}",
            note=_("Chi quà %(campaign)s theo danh sách “%(title)s” (%(n)d người)")
            % {"campaign": rl.campaign.name, "title": rl.title, "n": count},
            attachment=ContentFile(receipt_xlsx(rl), name=f"danh-sach-{rl.pk}.xlsx"),
        )  # fmt: skip
    rl.status, rl.approved_on, rl.approved_by = ListStatus.APPROVED, on, user_or_none(actor)
    rl.save(update_fields=["status", "approved_on", "approved_by", "fund_entry"])
    audit.record(
        actor=actor, action="aid.list.approve", unit=rl.unit, obj=rl,
        data={"count": count, "cash": cash, "goods": totals["goods"] or 0,
              "fund_entry": rl.fund_entry_id},
    )  # fmt: skip
    note_changed(unit_ids=[rl.unit_id], since=min(on, rl.campaign.start))
    return rl


@transaction.atomic
def withdraw_list(*, actor, rlist: RecipientList, on: datetime.date, reason: str) -> RecipientList:
    """Withdraw a list: its fund entry reversed, its people free to be listed again. Refused
    once a parcel of it was handed over."""
    rl = (
        RecipientList.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=rlist.pk)
    )
    if rl.status == ListStatus.WITHDRAWN:
        raise ValidationError(_("Danh sách này đã rút."))
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do rút.")]})
    lines = rl.lines.filter(removed_at__isnull=True)
    given = lines.filter(delivery=Delivery.DELIVERED).count()
    if given:
        raise ValidationError(
            _("Đã phát quà cho %(n)d người của danh sách này: không rút được.") % {"n": given}
        )
    ensure_open(unit=rl.unit, on=on)
    if rl.fund_entry_id:
        entry = rl.fund_entry
        assert entry is not None
        fund_services.reverse_entry(
            actor=actor, entry=entry, on=max(on, entry.on),
            note=_("Rút danh sách “%(title)s”: %(r)s") % {"title": rl.title, "r": reason},
        )  # fmt: skip
    now = timezone.now()
    n = lines.update(removed_at=now, removed_by=user_or_none(actor), remove_reason=reason[:255])
    rl.status, rl.withdrawn_at, rl.withdrawn_by = ListStatus.WITHDRAWN, now, user_or_none(actor)
    rl.withdraw_reason = reason
    rl.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit.record(
        actor=actor, action="aid.list.withdraw", unit=rl.unit, obj=rl,
        data={"lines": n, "reason": reason, "fund_entry": rl.fund_entry_id},
    )  # fmt: skip
    note_changed(unit_ids=[rl.unit_id], since=rl.campaign.start)
    return rl


@transaction.atomic
def record_deliveries(*, actor, rlist: RecipientList, marks: dict[int, str]) -> dict[str, int]:
    """The phone tick-list: each line marked delivered, absent or refused (or back to not yet),
    with the time; one update per status, one audit event with the counts."""
    rl = (
        RecipientList.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=rlist.pk)
    )
    if rl.status != ListStatus.APPROVED:
        raise ValidationError(_("Chỉ phát quà theo danh sách đã duyệt."))
    bad = [s for s in marks.values() if s not in Delivery.values]
    if bad:
        raise ValidationError(_("Trạng thái phát quà không hợp lệ."))
    today = timezone.localdate()
    ensure_open(unit=rl.unit, on=today)
    lines = rl.lines.filter(removed_at__isnull=True)
    current = dict(lines.filter(pk__in=list(marks)).values_list("pk", "delivery"))
    if len(current) != len(marks):
        raise ValidationError(_("Có dòng không thuộc danh sách này."))
    now, by = timezone.now(), user_or_none(actor)
    counts: dict[str, int] = {}
    for status in Delivery.values:
        ids = [pk for pk, s in marks.items() if s == status and current[pk] != s]
        if not ids:
            continue
        when = None if status == Delivery.PENDING else now
        counts[status] = lines.filter(pk__in=ids).update(
            delivery=status, delivered_at=when, delivered_by=by if when else None
        )
    if counts:
        audit.record(
            actor=actor, action="aid.list.deliver", unit=rl.unit, obj=rl, data={"counts": counts}
        )
        note_changed(unit_ids=[rl.unit_id], since=today)
    return counts
