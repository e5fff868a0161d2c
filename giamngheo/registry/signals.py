"""Signals the registry sends to the apps above it, which it may not import (docs/architecture.md). A receiver is
connected in the receiving app's `AppConfig.ready()`."""

from django.dispatch import Signal

# Sent inside household_end's transaction, once the household's end is saved, so that what the receivers write
# commits or rolls back with it. Sender: Household. Arguments: `household`, `ended_on` (date), `reason` (EndReason).
# The reviews app revokes the household's certificate in force (reviews.services.issuing.certificates_revoke).
household_ended = Signal()
