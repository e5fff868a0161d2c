from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "giamngheo.areas"
    label = "areas"
