"""``{% training_history person %}``: a person's training and volunteer work on their page (the
person pages sit below this app and do not import it: the template loads this tag)."""

from django import template
from django.utils import timezone

from ..selectors import person_training

register = template.Library()


@register.inclusion_tag("training/_person.html", takes_context=True)
def training_history(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"history": None}
    return {"history": person_training(user, person), "today": timezone.localdate()}
