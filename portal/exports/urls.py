from django.urls import path

from portal.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("request/", views.export_request, name="request"),
    path("<int:job_id>/", views.export_detail, name="detail"),
    path("<int:job_id>/status/", views.export_status, name="status"),
    path("<int:job_id>/download/", views.export_download, name="download"),
]
