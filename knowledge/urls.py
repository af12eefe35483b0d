from django.urls import include, path

from knowledge.views import files

app_name = "knowledge"

# Writing, reviewing and following come first: their fixed paths ("new/", "review/", ...)
# must not be taken for a practice's slug by the detail page.
urlpatterns = [
    path("<slug:slug>/files/<int:attachment_id>/", files.attachment_file, name="attachment-file"),
    path(
        "<slug:slug>/files/<int:attachment_id>/thumbnail/",
        files.attachment_file,
        {"thumbnail": True},
        name="attachment-thumbnail",
    ),
    path("", include("knowledge.urls_workflow")),
    path("", include("knowledge.urls_browse")),
]
