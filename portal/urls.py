from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal import language, site_files, views

# The admin signs in through allauth, so its rate limits and two-factor step apply there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("robots.txt", site_files.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", site_files.security_txt, name="security-txt"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("practices/", include("knowledge.urls")),
    path("trainings/", include("trainings.urls")),
    path("platform/", include("platform_africa.urls")),
    path("exports/", include("portal.exports.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
