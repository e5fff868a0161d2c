"""Signals the areas app sends: how code low in the layers tells the apps above it that something happened, without
importing them (docs/architecture.md). A receiver is connected in the receiving app's `AppConfig.ready()`."""

from django.dispatch import Signal

# Sent once the transaction that marked communes stale (StaleCommune.objects.mark) commits, never before and never
# for a transaction rolled back. Sender: StaleCommune. Argument: `commune_ids`, the sorted list of the marked
# communes' ids. The reports app counts their tallies again in the background (reports.tallies.tasks).
communes_marked_stale = Signal()
