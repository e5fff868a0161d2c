from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "giamngheo.common"
    verbose_name = _("Dùng chung")
    label = "common"
