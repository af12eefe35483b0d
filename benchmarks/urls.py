"""The site's URLs plus the peer admin (benchmarks/peers.py) that `make bench` compares with."""

from django.urls import path

from benchmarks.peers import admin_site
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench-admin/", admin_site.urls), *portal_urlpatterns]
