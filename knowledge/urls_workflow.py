# Filled in by the workflow part of the knowledge app.
urlpatterns: list = []
