from django.urls import path

from knowledge.views import follow, workflow

# Writing, reviewing, following and the reading pack (mounted at /practices/ in the "knowledge"
# namespace, before the browse urls: these fixed words are reserved and never a practice's slug).
urlpatterns = [
    path("new/", workflow.practice_create, name="practice-create"),
    path("mine/", workflow.my_practices, name="my-practices"),
    path("review/", workflow.review_queue, name="review-queue"),
    path("following/", follow.following, name="following"),
    path("following/<int:follow_id>/remove/", follow.unfollow, name="unfollow"),
    path("follow/", follow.follow, name="follow"),
    path("pack/", follow.pack, name="pack"),
    path("<slug:slug>/edit/", workflow.practice_edit, name="practice-edit"),
    path("<slug:slug>/submit/", workflow.practice_submit, name="practice-submit"),
    path("<slug:slug>/review/", workflow.practice_review, name="practice-review"),
    path("<slug:slug>/archive/", workflow.practice_archive, name="practice-archive"),
    path("<slug:slug>/revisions/", workflow.practice_revisions, name="practice-revisions"),
    path(
        "<slug:slug>/attachments/<int:attachment_id>/remove/",
        workflow.attachment_remove,
        name="attachment-remove",
    ),
]
