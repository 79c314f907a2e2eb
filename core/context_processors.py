from django.conf import settings


def sohoi(request):
    from org.models import AssociationProfile

    return {
        "association": AssociationProfile.current(),
        "DEBUG": settings.DEBUG,
    }
