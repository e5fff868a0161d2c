from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.signals import communes_marked_stale


class ReportsConfig(AppConfig):
    name = "giamngheo.reports"
    verbose_name = _("Báo cáo, chỉ tiêu, phân tích nghèo đa chiều")

    def ready(self) -> None:
        # The lower apps mark communes stale and send a signal once their write commits; the reports app, above them,
        # answers it by queueing the refresh of the communes' tallies. Imported here, not at the top: these modules
        # define or read models, which Django loads only after every AppConfig (not to break an import cycle).
        # The provinces' printed reports are then laid out again ahead of their download (tables/tasks.py).
        from giamngheo.areas.models import StaleCommune
        from giamngheo.reports.tables.tasks import reports_prepare_enqueue
        from giamngheo.reports.tallies.tasks import tallies_refresh_enqueue

        communes_marked_stale.connect(
            tallies_refresh_enqueue, sender=StaleCommune, dispatch_uid="reports.tallies_refresh_enqueue"
        )
        communes_marked_stale.connect(
            reports_prepare_enqueue, sender=StaleCommune, dispatch_uid="reports.reports_prepare_enqueue"
        )
