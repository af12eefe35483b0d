app_name = "platform"

urlpatterns: list = []
