"""Background work of the reviews app (django-tasks; `python manage.py db_worker` works the queue)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from giamngheo.accounts.models import User
from giamngheo.reviews.models import Decision
from giamngheo.reviews.models.issued import DocumentIssue
from giamngheo.reviews.services.issuing import documents_issue


@task()
def documents_issue_task(decision_id: int, actor_id: int | None) -> int:
    """Issue a signed decision's documents (services.issuing). Returns how many were stored."""
    with transaction.atomic():
        # The decision's row locked: two workers given the same task do not issue its certificates twice.
        decision = Decision.objects.select_for_update().select_related("commune").get(pk=decision_id)
        actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
        return len(documents_issue(decision=decision, actor=actor))


def documents_issue_queue(*, decision: Decision, actor: User | None) -> DocumentIssue:
    """A step of `decision_apply`, in the signing's transaction: mark the decision's documents as being issued and
    queue their issuing. The queue's row is written in this same transaction, so the task exists exactly when the
    signing committed (tests run tasks at once: the documents are there when decision_apply returns)."""
    issue = DocumentIssue.objects.create(decision=decision, queued_at=timezone.now())
    documents_issue_task.enqueue(decision.pk, actor.pk if actor is not None else None)
    return issue


def documents_issue_requeue(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the issuing of every decision still waiting after `older_than` (a worker stopped or a task failed:
    nothing retries a task by itself). The task does nothing twice, so a decision queued twice is issued once.
    Returns the decisions' ids."""
    waiting = DocumentIssue.objects.filter(done_at__isnull=True, queued_at__lt=timezone.now() - older_than)
    ids = []
    for issue in waiting.select_related("decision").order_by("queued_at"):
        documents_issue_task.enqueue(issue.decision_id, issue.decision.signer_id)
        ids.append(issue.decision_id)
    return ids
