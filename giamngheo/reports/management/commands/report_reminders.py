"""manage.py report_reminders [--date YYYY-MM-DD] [--days N] [--unit CODE]

Prints, in Vietnamese, the periodic reports not sent yet that are overdue or due within N days (10 by default), unit
by unit, for every current province and commune and every active province agency (or one province with its communes
and agencies, or one commune). Run it daily and mail the output; it writes nothing.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from giamngheo.accounts.models import Agency
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.regime.selectors import REMIND_WITHIN_DAYS, regime_alerts
from giamngheo.reports.tables.selectors import communes_of


class Command(BaseCommand):
    help = "Liệt kê báo cáo định kỳ quá hạn hoặc sắp đến hạn của từng đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày tính hạn, dạng YYYY-MM-DD (mặc định hôm nay).")
        parser.add_argument("--days", default=str(REMIND_WITHIN_DAYS), help="Nhắc trước bao nhiêu ngày (mặc định 10).")
        parser.add_argument("--unit", help="Chỉ một tỉnh (2 chữ số, kèm các xã) hoặc một xã (5 chữ số).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Ngày “{options['date']}” không đúng dạng YYYY-MM-DD.") from None
        if not str(options["days"]).isdigit():
            raise CommandError(f"Số ngày “{options['days']}” không hợp lệ (một số nguyên không âm).")
        units, agencies = None, None
        if options["unit"]:
            unit = (
                AdminUnit.objects.current()
                .filter(code=options["unit"].strip(), level__in=[Level.PROVINCE, Level.COMMUNE])
                .first()
            )
            if unit is None:
                raise CommandError(f"Không có tỉnh hoặc xã hiện hành mã “{options['unit']}”.")
            units = [unit, *communes_of(unit)] if unit.level == Level.PROVINCE else [unit]
            agencies = list(Agency.objects.filter(province=unit, is_active=True).select_related("province"))
        rows = regime_alerts(day=day, within=int(options["days"]), units=units, agencies=agencies)
        overdue = [r for r in rows if r.overdue]
        soon = [r for r in rows if not r.overdue]
        self.stdout.write(f"Ngày {day:%d/%m/%Y}: {len(overdue)} báo cáo quá hạn, {len(soon)} báo cáo sắp đến hạn.")
        if overdue:
            self.stdout.write("QUÁ HẠN:")
            for r in overdue:
                self.stdout.write(
                    f"  {r.unit.code} {r.name} – {r.period.title}: gửi trước {r.due_on:%d/%m/%Y}, "
                    f"quá hạn {r.days_overdue} ngày ({r.state_label.lower()})."
                )
        if soon:
            self.stdout.write(f"SẮP ĐẾN HẠN (trong {options['days']} ngày):")
            for r in soon:
                self.stdout.write(
                    f"  {r.unit.code} {r.name} – {r.period.title}: gửi trước {r.due_on:%d/%m/%Y}, "
                    f"còn {r.days_left} ngày ({r.state_label.lower()})."
                )
