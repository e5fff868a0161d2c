from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "giamngheo.reports"
    verbose_name = _("Báo cáo, chỉ tiêu, phân tích nghèo đa chiều")

    def ready(self) -> None:
        # Imported once the app registry is ready (the task module reads models): the lower apps mark communes stale
        # and send a signal; the reports app, above them, answers it by queueing the refresh of their tallies.
        from giamngheo.areas.models import StaleCommune
        from giamngheo.areas.signals import communes_marked_stale
        from giamngheo.reports.tallies.tasks import tallies_refresh_enqueue

        communes_marked_stale.connect(
            tallies_refresh_enqueue, sender=StaleCommune, dispatch_uid="reports.tallies_refresh_enqueue"
        )
