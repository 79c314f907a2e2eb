from django.urls import path

from . import views, views_awards, views_scoring

app_name = "oversight"

urlpatterns = [
    path("u/<int:pk>/oversight/", views.home, name="home"),
    path("u/<int:pk>/oversight/plans/new/", views.plan_create, name="plan_create"),
    path("oversight/plans/<int:plan>/", views.plan, name="plan"),
    path("oversight/plans/<int:plan>/cancel/", views.plan_cancel, name="plan_cancel"),
    path("oversight/plans/<int:plan>/report.<str:fmt>", views.plan_report_file, name="plan_report"),
    path("u/<int:pk>/oversight/visits/new/", views.visit_create, name="visit_create"),
    path("oversight/visits/<int:visit>/", views.visit, name="visit"),
    path("oversight/visits/<int:visit>/cancel/", views.visit_cancel, name="visit_cancel"),
    path(
        "oversight/visits/<int:visit>/record.<str:fmt>",
        views.visit_record_file,
        name="visit_record",
    ),
    path("oversight/recommendations/<int:rec>/", views.follow_up, name="follow_up"),
    path("u/<int:pk>/oversight/scoring/", views_scoring.scoring, name="scoring"),
    path("u/<int:pk>/oversight/scoring/preset/", views_scoring.preset_sheet, name="preset_sheet"),
    path("u/<int:pk>/oversight/sheets/<int:sheet>/", views_scoring.ranking, name="ranking"),
    path("u/<int:pk>/oversight/sheets/<int:sheet>/score/", views_scoring.rescore, name="rescore"),
    path("oversight/assessments/<int:assessment>/", views_scoring.assessment, name="assessment"),
    path("u/<int:pk>/oversight/awards/", views_awards.awards, name="awards"),
    path("u/<int:pk>/oversight/awards/ceremony.xlsx", views_awards.ceremony, name="ceremony"),
    path("oversight/awards/<int:award>/", views_awards.decide, name="decide"),
    path("oversight/awards/<int:award>/withdraw/", views_awards.withdraw, name="withdraw"),
]
