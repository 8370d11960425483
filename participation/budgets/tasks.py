"""Celery tasks of the Bürgerbudget: thin — ids in, a service call."""

from celery import shared_task

from .services import ballots


@shared_task(
    name="budgets.send_ballot_receipt",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_ballot_receipt(ballot_id: int, number: int) -> bool:
    """The e-mail receipt of a ballot's version (``ballots.ballot_receipt_send``)."""
    return ballots.ballot_receipt_send(ballot_id=ballot_id, number=number)
