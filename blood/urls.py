from django.urls import path

from . import views, views_donors, views_results

app_name = "blood"

urlpatterns = [
    path("u/<int:pk>/blood/", views.home, name="home"),
    path("u/<int:pk>/blood/roster/", views_donors.roster, name="roster"),
    path("u/<int:pk>/blood/roster.xlsx", views_donors.roster_xlsx, name="roster_xlsx"),
    path("u/<int:pk>/blood/honours/", views_donors.honours, name="honours"),
    path("u/<int:pk>/blood/honours.pdf", views_donors.certificates, name="certificates"),
    path("u/<int:pk>/blood/rules/", views_donors.rules, name="rules"),
    path("blood/drives/<int:pk>/", views.drive, name="drive"),
    path("blood/drives/<int:pk>/register/", views.register, name="register"),
    path("blood/drives/<int:pk>/field/", views.field, name="field"),
    path("blood/drives/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("blood/drives/<int:pk>/results/", views_results.upload, name="results_upload"),
    path("blood/registrations/<int:pk>/", views.outcome, name="outcome"),
    path("blood/results/<int:pk>/", views_results.preview, name="result_import"),
    path("blood/results/<int:pk>/commit/", views_results.commit, name="result_commit"),
    path("blood/donors/<int:pk>/", views_donors.donor, name="donor"),
]
