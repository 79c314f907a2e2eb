from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

# Login and logout keep their global names ('login', 'logout'): sohoi/urls.py mounts this list
# under accounts/ without a namespace. Everything else is in the "accounts" namespace.
auth_urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
]

app_name = "accounts"
urlpatterns = [
    path("accounts/me/", views.me, name="me"),
    path("accounts/me/tokens/", views.token_create, name="token_create"),
    path("accounts/me/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("u/<int:pk>/users/", views.unit_users, name="unit_users"),
    path("u/<int:pk>/users/create/", views.unit_user_create, name="unit_user_create"),
    path("u/<int:pk>/users/assign/", views.unit_role_assign, name="unit_role_assign"),
    path(
        "u/<int:pk>/users/account/<int:user_pk>/reset-password/",
        views.account_reset_password,
        name="account_reset_password",
    ),
    path(
        "u/<int:pk>/users/account/<int:user_pk>/lock/",
        views.account_set_active,
        {"active": False},
        name="account_lock",
    ),
    path(
        "u/<int:pk>/users/account/<int:user_pk>/unlock/",
        views.account_set_active,
        {"active": True},
        name="account_unlock",
    ),
    path(
        "u/<int:pk>/users/<int:assignment_pk>/revoke/",
        views.unit_role_revoke,
        name="unit_role_revoke",
    ),
]
