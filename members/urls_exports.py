from django.urls import path

from . import views_exports as views

app_name = "member_exports"

urlpatterns = [
    path("u/<int:pk>/members/book.xlsx", views.book_xlsx, name="book_xlsx"),
    path("u/<int:pk>/members/book.pdf", views.book_pdf, name="book_pdf"),
    path("u/<int:pk>/members/members.csv", views.members_csv, name="csv"),
    path("u/<int:pk>/members/cards.pdf", views.cards, name="cards"),
]
