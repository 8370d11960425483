"""The notification centre, the e-mail preferences and the unsubscribe link.

URLs (under /beteiligung/, namespace ``participation``):

* ``benachrichtigungen/``                           notifications                GET
* ``benachrichtigungen/<pk>/gelesen/``               notification-read            POST
* ``benachrichtigungen/alle-gelesen/``               notifications-read-all       POST
* ``benachrichtigungen/einstellungen/``              notifications-preferences    GET, POST
* ``benachrichtigungen/abbestellen/<token>/``        notifications-unsubscribe    GET, POST

The centre and the preferences need a signed-in person; the unsubscribe page works
signed out: the signed token in the link says who and what. Its POST is also the
one-click unsubscribe of RFC 8058 (mail clients send it without a CSRF token).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.navigation import safe_next
from participation.notifications import preferences as prefs
from participation.notifications.delivery import read_unsubscribe_token
from participation.notifications.models import Delivery, Notification, NotificationKind
from participation.notifications.services import (
    describe,
    kind_label,
    notification_mark_read,
    notifications_mark_all_read,
)

PER_PAGE = 20


@login_required
def notification_list(request):
    queryset = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    paginator = Paginator(queryset, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    describe(page_obj.object_list)
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "unread_count": Notification.objects.filter(
                recipient=request.user, read_at__isnull=True
            ).count(),
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    try:
        notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404(_("Diese Benachrichtigung gibt es nicht.")) from None
    messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
    return redirect(safe_next(request, _list_url()))


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect(safe_next(request, _list_url()))


def _list_url() -> str:
    return reverse("notifications:list")


class PreferencesForm(forms.Form):
    """One select per kind: immediately, daily digest, weekly digest, or no e-mail."""

    def __init__(self, *args, current: dict[str, str], kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Delivery.choices)
        for kind, label in NotificationKind.choices:
            if kind not in kinds:
                continue
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current[kind],
                help_text=gettext_lazy("Voreinstellung: %(default)s")
                % {"default": labels[prefs.default_delivery(kind)]},
            )


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    current = prefs.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None, current=current, kinds=prefs.kinds_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        prefs.preferences_save(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Ihre Einstellungen sind gespeichert."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _scope_label(scope: str) -> str:
    if scope == Delivery.DAILY:
        return _("die tägliche Zusammenfassung")
    if scope == Delivery.WEEKLY:
        return _("die wöchentliche Zusammenfassung")
    return str(kind_label(scope))


def unsubscribe(user, scope: str) -> None:
    """A kind → off; a digest ("daily"/"weekly") → every kind it carries → off."""
    if scope in (Delivery.DAILY, Delivery.WEEKLY):
        current = prefs.preferences_of(user)
        prefs.preferences_save(
            user=user,
            deliveries={kind: Delivery.OFF for kind, value in current.items() if value == scope},
        )
    else:
        prefs.preference_set(user=user, kind=scope, delivery=Delivery.OFF)


@csrf_exempt  # RFC 8058 one-click POST from mail clients; the signed token authorises
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request, token: str):
    try:
        user_id, scope = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404(_("Dieser Abmeldelink ist ungültig.")) from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404(_("Dieser Abmeldelink ist ungültig."))
    context = {"scope_label": _scope_label(scope), "token": token, "done": False}
    if request.method == "POST":
        unsubscribe(user, scope)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Abgemeldet."), content_type="text/plain; charset=utf-8")
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)


