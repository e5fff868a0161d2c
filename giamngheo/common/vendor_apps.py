"""Vietnamese names in the admin for the third-party apps (django-axes, django-tasks-db), which ship English ones.

INSTALLED_APPS lists these configurations instead of the apps' own. Their models' headings are set when the apps are
ready; this changes no migration (Django keeps the declared options for those).
"""

from typing import Any

from axes.apps import AppConfig as AxesAppConfig
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def _name_models(app_label: str, names: dict[str, tuple[Any, Any]]) -> None:
    for model_name, (singular, plural) in names.items():
        meta = apps.get_model(app_label, model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class LoginThrottlingConfig(AxesAppConfig):
    verbose_name = _("Chống dò mật khẩu")

    def ready(self) -> None:
        super().ready()
        _name_models(
            "axes",
            {
                "AccessAttempt": (_("lần đăng nhập sai"), _("Lần đăng nhập sai")),
                "AccessFailureLog": (_("nhật ký đăng nhập sai"), _("Nhật ký đăng nhập sai")),
                "AccessAttemptExpiration": (_("hạn khoá đăng nhập"), _("Hạn khoá đăng nhập")),
                "AccessLog": (_("nhật ký đăng nhập"), _("Nhật ký đăng nhập")),
            },
        )


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Tác vụ chạy nền")  # type: ignore[assignment]  # declared as str, a lazy string is fine

    def ready(self) -> None:
        super().ready()
        _name_models("django_tasks_database", {"DBTaskResult": (_("kết quả tác vụ"), _("Kết quả tác vụ"))})
