from django.urls import path

from knowledge.feeds import PracticeFeed
from knowledge.views import browse, engage
from portal.ratelimit import rate_limit

# Finding and reading (mounted at /practices/ in the "knowledge" namespace).
urlpatterns = [
    path("", browse.practice_list, name="practice-list"),
    path("feed/", rate_limit("feed")(PracticeFeed()), name="practice-feed"),
    path("<slug:slug>/", browse.practice_detail, name="practice-detail"),
    path("<slug:slug>/pdf/", browse.practice_pdf, name="practice-pdf"),
    path("<slug:slug>/applied/", engage.application_create, name="practice-apply"),
    path("<slug:slug>/useful/", engage.useful_toggle_view, name="practice-useful"),
    path("<slug:slug>/comments/", engage.comment_create, name="practice-comment"),
]
