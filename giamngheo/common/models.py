"""Abstract bases shared by the apps, and the Vietnamese order of names in queries."""

from django.db import models
from django.db.models import F, OrderBy
from django.db.models.functions import Collate

from giamngheo.common.text import VI_COLLATION


def vi_order(field: str, *, descending: bool = False) -> OrderBy:
    """Order by a name field in Vietnamese alphabetical order: `.order_by(vi_order("name"))`, `"commune__name"`."""
    collated = Collate(F(field), VI_COLLATION)
    return collated.desc() if descending else collated.asc()


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
