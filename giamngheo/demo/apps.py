from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models: nothing of it shows in the admin.
    name = "giamngheo.demo"
    label = "demo"
    verbose_name = "Dữ liệu trình diễn"
