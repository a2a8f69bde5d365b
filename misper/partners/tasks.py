"""Background jobs of the partners app (huey): the e-mail with the PDF follows the portal copy."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from huey.contrib.djhuey import db_task

from misper.partners.models import PartnerNotification
from misper.partners.services import notifications_mark_emailed


def report_pdf(notification: PartnerNotification) -> bytes:
    from weasyprint import HTML

    html = render_to_string("partners/report_pdf.html", {"notification": notification})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@db_task()  # type: ignore[untyped-decorator]
def email_partner_reports(ids: list[int]) -> None:
    """E-mail each organisation its own redacted copy; the portal already has it."""
    notifications = PartnerNotification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "organisation"
    )
    sent = []
    for notification in notifications:
        if not notification.organisation.email:
            continue
        message = EmailMessage(
            subject=f"Missing child report ({notification.get_kind_display()}): "
            f"episode {notification.episode_id}",
            body=render_to_string("partners/report_email.txt", {"notification": notification}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.organisation.email],
        )
        message.attach(f"missing-report-{notification.pk}.pdf", report_pdf(notification), "application/pdf")
        message.send()
        sent.append(notification.pk)
    notifications_mark_emailed(ids=sent)
