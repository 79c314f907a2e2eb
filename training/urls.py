from django.urls import path

from . import views, views_public, views_volunteers

app_name = "training"

urlpatterns = [
    path("u/<int:pk>/training/", views.home, name="home"),
    path("u/<int:pk>/training/classes/new/", views.class_new, name="class_new"),
    path("u/<int:pk>/training/courses/new/", views.course_new, name="course_new"),
    path("u/<int:pk>/training/activities/new/", views_volunteers.activity_new, name="activity_new"),
    path("training/volunteer-rule/", views_volunteers.volunteer_rule, name="volunteer_rule"),
    path(
        "clubs/<int:pk>/activities/new/",
        views_volunteers.club_activity_new,
        name="club_activity_new",
    ),
    path("u/<int:pk>/training/volunteers/", views_volunteers.volunteers, name="volunteers"),
    path("training/classes/<int:pk>/", views.class_detail, name="class"),
    path("training/classes/<int:pk>/enrol/", views.class_enrol, name="enrol"),
    path("training/classes/<int:pk>/enrol-typed/", views.class_enrol_typed, name="enrol_typed"),
    path("training/classes/<int:pk>/import/", views.class_import, name="import"),
    path("training/classes/<int:pk>/attendance/", views.class_attendance, name="attendance"),
    path("training/classes/<int:pk>/results/", views.class_results, name="results"),
    path("training/classes/<int:pk>/issue/", views.class_issue, name="issue"),
    path("training/classes/<int:pk>/cancel/", views.class_cancel, name="cancel"),
    path(
        "training/classes/<int:pk>/certificates.pdf",
        views.class_certificates_pdf,
        name="class_certificates_pdf",
    ),
    path("training/certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("training/certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("training/certificates/<int:pk>/renew/", views.certificate_renew, name="renew"),
    path("training/certificates/<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("training/activities/<int:pk>/", views_volunteers.activity_detail, name="activity"),
    path(
        "training/activities/<int:pk>/cancel/",
        views_volunteers.activity_cancel,
        name="activity_cancel",
    ),
    path("xac-minh-chung-nhan/", views_public.verify, name="verify"),
    # The address in a certificate's QR code (in capitals: see training.printing.verify_url).
    path(
        "CN/<int:unit>/<int:year>/<int:seq>/<str:code>/",
        views_public.verify_short,
        name="verify_short",
    ),
]
