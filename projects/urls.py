from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("u/<int:pk>/projects/", views.home, name="home"),
    path("u/<int:pk>/projects/cows/", views.cows, name="cows"),
    path("u/<int:pk>/projects/cows/rule/", views.rule_set, name="rule_set"),
    path("u/<int:pk>/projects/cows/waiting/", views.waiting_add, name="waiting_add"),
    path("u/<int:pk>/projects/cows/steps.xlsx", views.steps_export, name="steps_export"),
    path("u/<int:pk>/projects/houses/", views.houses, name="houses"),
    path("u/<int:pk>/projects/groups/", views.groups, name="groups"),
    path("u/<int:pk>/projects/events/", views.events, name="events"),
    path("projects/waiting/<int:pk>/cancel/", views.waiting_cancel, name="waiting_cancel"),
    path("projects/animals/<int:pk>/", views.animal, name="animal"),
    path("projects/animals/<int:pk>/chain/", views.chain, name="chain"),
    path("projects/animals/<int:pk>/<slug:action>/", views.animal_action, name="animal_action"),
    path("projects/households/<int:pk>/", views.household, name="household"),
    path("projects/placements/<int:pk>/record.<str:fmt>", views.handover, name="handover"),
    path("projects/houses/<int:pk>/record.<str:fmt>", views.house_record, name="house_record"),
    path("projects/houses/<int:pk>/", views.house, name="house"),
    path("projects/houses/<int:pk>/<slug:action>/", views.house_action, name="house_action"),
    path("projects/tranches/<int:pk>/cancel/", views.tranche_cancel, name="tranche_cancel"),
    path("projects/files/<int:pk>/", views.house_file, name="file"),
    path("projects/groups/<int:pk>/", views.group, name="group"),
    path("projects/groups/<int:pk>/<slug:action>/", views.group_action, name="group_action"),
    path("projects/loans/<int:pk>/repay/", views.loan_repay, name="loan_repay"),
    path("projects/events/<int:pk>/", views.event, name="event"),
    path("projects/events/<int:pk>/<slug:action>/", views.event_action, name="event_action"),
]
