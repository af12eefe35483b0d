from django.urls import include, path

app_name = "knowledge"

# Writing, reviewing and following come first: their fixed paths ("new/", "review/", ...)
# must not be taken for a practice's slug by the detail page.
urlpatterns = [
    path("", include("knowledge.urls_workflow")),
    path("", include("knowledge.urls_browse")),
]
