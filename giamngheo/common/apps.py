from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from giamngheo.common.text import VI_COLLATION, collate_vi


def _register_vietnamese_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite knows no Vietnamese order: give each new connection the collation PostgreSQL has from ICU, by name."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VI_COLLATION, collate_vi)


class CommonConfig(AppConfig):
    name = "giamngheo.common"
    verbose_name = _("Dùng chung")
    label = "common"

    def ready(self) -> None:
        connection_created.connect(_register_vietnamese_collation, dispatch_uid="common.vietnamese_collation")
