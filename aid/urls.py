from django.urls import path

from . import views, views_campaigns

app_name = "aid"

urlpatterns = [
    path("u/<int:pk>/aid/", views.home, name="home"),
    path("u/<int:pk>/aid/beneficiaries/", views.beneficiaries, name="beneficiaries"),
    path("u/<int:pk>/aid/addresses/", views.addresses, name="addresses"),
    path("u/<int:pk>/aid/categories/", views.categories, name="categories"),
    path("u/<int:pk>/aid/campaigns/", views_campaigns.campaigns, name="campaigns"),
    path("aid/beneficiaries/<int:pk>/", views.beneficiary, name="beneficiary"),
    path("aid/beneficiaries/<int:pk>/household/", views.household_add, name="household_add"),
    path("aid/beneficiaries/<int:pk>/propose/", views.propose, name="propose"),
    path("aid/beneficiaries/<int:pk>/assistance/", views.assistance_add, name="assistance_add"),
    path(
        "aid/assistance/<int:pk>/withdraw/", views.assistance_withdraw, name="assistance_withdraw"
    ),
    path("aid/addresses/<int:pk>/", views.address, name="address"),
    path("aid/addresses/<int:pk>/files/", views.file_add, name="file_add"),
    path("aid/addresses/<int:pk>/sponsors/", views.sponsor_add, name="sponsor_add"),
    path("aid/files/<int:pk>/", views.file_download, name="file"),
    path("aid/files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("aid/sponsorships/<int:pk>/end/", views.sponsor_end, name="sponsor_end"),
    path("aid/campaigns/<int:pk>/", views_campaigns.campaign, name="campaign"),
    path("aid/lists/<int:pk>/", views_campaigns.recipient_list, name="list"),
    path("aid/lists/<int:pk>/deliver/", views_campaigns.deliver, name="deliver"),
    path("aid/lists/<int:pk>/<str:action>/", views_campaigns.list_action, name="list_action"),
    path("aid/lists/<int:pk>/export.<str:fmt>", views_campaigns.list_export, name="list_export"),
]
