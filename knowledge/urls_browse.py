# Filled in by the browse part of the knowledge app.
urlpatterns: list = []
