from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/<str:token>/", views.preferences_from_email, name="preferences-token"),
]
