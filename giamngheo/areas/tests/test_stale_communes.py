"""Marking communes stale: one upsert that keeps the first date, and a signal sent once the write commits (the
reports app answers it by queueing the refresh of the communes' tallies)."""

import pytest
from django.db import transaction

from giamngheo.areas.models import StaleCommune
from giamngheo.areas.signals import communes_marked_stale

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    received: list[list[int]] = []

    def receiver(sender, *, commune_ids, **kwargs):
        received.append(commune_ids)

    communes_marked_stale.connect(receiver, sender=StaleCommune)
    yield received
    communes_marked_stale.disconnect(receiver, sender=StaleCommune)


def test_marking_stale_records_each_commune_once_and_keeps_the_first_date(cast):
    StaleCommune.objects.mark([cast.commune.pk, None, cast.commune.pk])
    first = StaleCommune.objects.get(commune=cast.commune).since
    StaleCommune.objects.mark([cast.other_commune.pk, cast.commune.pk])
    assert StaleCommune.objects.get(commune=cast.commune).since == first
    assert set(StaleCommune.objects.values_list("commune_id", flat=True)) == {cast.commune.pk, cast.other_commune.pk}


def test_marking_stale_sends_the_signal_with_the_sorted_commune_ids_once_the_write_commits(
    cast, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        StaleCommune.objects.mark([cast.other_commune.pk, cast.commune.pk])
        assert heard == []  # not before the commit
    assert heard == [sorted([cast.commune.pk, cast.other_commune.pk])]


def test_marking_stale_sends_nothing_when_the_write_is_rolled_back(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        StaleCommune.objects.mark([cast.commune.pk])
        raise RuntimeError
    assert heard == []
    assert not StaleCommune.objects.exists()
