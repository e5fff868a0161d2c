from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "giamngheo.reports"
    verbose_name = _("Báo cáo, chỉ tiêu, phân tích nghèo đa chiều")
