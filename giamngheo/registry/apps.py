from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "giamngheo.registry"
    verbose_name = _("Sổ hộ gia đình, nhân khẩu")
    label = "registry"
