from django.urls import path

from platform_africa.views import dashboard, membership, requests

app_name = "platform"

urlpatterns = [
    path("", membership.home, name="home"),
    path("members/", membership.member_list, name="member-list"),
    path("apply/", membership.apply, name="apply"),
    path("applications/", membership.application_list, name="application-list"),
    path(
        "applications/<int:pk>/decide/",
        membership.application_decide,
        name="application-decide",
    ),
    path("organisation/", membership.organisation, name="organisation"),
    path(
        "organisation/people/<int:pk>/remove/",
        membership.membership_remove,
        name="membership-remove",
    ),
    path("invitations/<str:token>/", membership.invitation_accept, name="invitation-accept"),
    path("subscriptions/", membership.subscription, name="subscription"),
    path("requests/", requests.request_list, name="request-list"),
    path("requests/new/", requests.request_create, name="request-create"),
    path("requests/<int:pk>/", requests.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request-edit"),
    path("requests/<int:pk>/status/", requests.request_transition, name="request-transition"),
    path("requests/<int:pk>/fulfil/", requests.request_fulfil, name="request-fulfil"),
    path("requests/<int:pk>/offers/", requests.offer_create, name="offer-create"),
    path(
        "offers/<int:pk>/<str:decision>/",
        requests.offer_decide,
        name="offer-decide",
    ),
    path("requests/<int:pk>/documents/", requests.attachment_add, name="attachment-add"),
    path("documents/<int:pk>/", requests.attachment_download, name="attachment-download"),
    path("requests/<int:pk>/messages/", requests.message_post, name="message-post"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
