from django.conf import settings

from .models import AssociationProfile


def sohoi(request):
    return {
        "association": AssociationProfile.current(),
        "DEBUG": settings.DEBUG,
    }
