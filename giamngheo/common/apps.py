from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "giamngheo.common"
    label = "common"
