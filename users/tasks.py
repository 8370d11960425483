"""The account e-mails (confirm the address, the account already exists, password
reset, …): rendered in the request, sent by a Celery worker."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    name="users.send_account_email",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_account_email(message: dict) -> None:
    """Send one rendered account e-mail (see ``users.adapter.AccountAdapter.send_mail``)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message.get("headers") or None,
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    email.send()
