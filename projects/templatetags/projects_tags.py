"""``{% projects_panel person %}``: a person's household in the projects on their page — the cow
bank's next step (due, overdue), their Red Cross house, their capital groups (the person pages
sit below this app and do not import it: the template loads this tag)."""

from django import template

from aid.models import Beneficiary

from ..models import GroupMember, House
from ..selectors import household_steps

register = template.Library()


@register.inclusion_tag("projects/_person.html", takes_context=True)
def projects_panel(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"panel": None}
    heads = list(Beneficiary.objects.visible_to(user).filter(person=person, head__isnull=True))
    steps = [s for b in heads for s in household_steps(b)]
    houses = list(House.objects.visible_to(user).filter(household__in=heads))
    groups = list(
        GroupMember.objects.filter(person=person, left_on__isnull=True, group__in=_groups(user))
        .select_related("group")
    )  # fmt: skip
    if not (steps or houses or groups or _ever_placed(heads)):
        return {"panel": None}
    return {"panel": {"heads": heads, "steps": steps, "houses": houses, "groups": groups}}


def _groups(user):
    from ..models import CapitalGroup

    return CapitalGroup.objects.visible_to(user).values("pk")


def _ever_placed(heads) -> bool:
    from ..models import Placement

    return Placement.objects.filter(household__in=heads).exists()
