from django.urls import path

from . import views, views_reorg

app_name = "org"
urlpatterns = [
    path("<int:pk>/", views.unit_home, name="unit"),
    path("<int:pk>/add/", views.unit_create, name="unit_create"),
    path("<int:pk>/search/", views.unit_search, name="unit_search"),
    path("<int:pk>/audit/", views.audit, name="audit"),
    path("<int:pk>/history/", views_reorg.history, name="history"),
    path("<int:pk>/rename/", views_reorg.rename, name="rename"),
    path("<int:pk>/move/", views_reorg.move, name="move"),
    path("<int:pk>/merge/", views_reorg.merge, name="merge"),
    path("<int:pk>/split/", views_reorg.split, name="split"),
    path("<int:pk>/cease/", views_reorg.cease, name="cease"),
]
