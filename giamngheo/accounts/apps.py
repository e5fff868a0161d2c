from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "Người dùng và nhật ký"
    name = "giamngheo.accounts"
    label = "accounts"
