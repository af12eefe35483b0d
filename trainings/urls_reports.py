"""Statistics, certificates and their downloads (included from trainings/urls.py)."""

from django.urls import path

from trainings.views import certificates, statistics

urlpatterns = [
    path("statistics/", statistics.public_statistics, name="statistics"),
    path("dashboard/", statistics.dashboard, name="dashboard"),
    path("certificates/verify/", certificates.certificate_verify, name="certificate-verify"),
    path(
        "sessions/<int:session_id>/certificates/",
        certificates.session_certificates,
        name="session-certificates",
    ),
    path(
        "sessions/<int:session_id>/certificates/zip/",
        certificates.session_certificates_zip,
        name="session-certificates-zip",
    ),
    path(
        "certificates/<int:certificate_id>/download/",
        certificates.certificate_download,
        name="certificate-download",
    ),
]
