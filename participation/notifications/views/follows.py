"""Following and the "Abonnements" page (no JavaScript needed).

* ``{% follow_button target %}`` (participation/templatetags/follows_tags.py) posts to
  follow/unfollow; afterwards the browser goes back to the page it came from (``next``,
  same host only) at ``#follow-<kind>-<id>``, with a message.
* The Abonnements page lists what the person follows, grouped, with an unfollow button
  each, and offers subscribing to a bundle, a core area or an Ortsteil from a list.
* Section providers put the button on the measure page and the project page.

URLs (under /beteiligung/, namespace ``participation``):

* ``abonnements/``                                   follows         GET, POST (subscribe)
* ``abonnements/<kind>/<pk>/folgen/``               follow-create   POST
* ``abonnements/<kind>/<pk>/nicht-mehr-folgen/``    follow-delete   POST

``<kind>`` is one of ``massnahme``, ``buendel``, ``kernbereich``, ``projekt``, ``idee``,
``ortsteil``.
"""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.navigation import safe_next
from core.rules import has_verified_email
from core.sections import PageSection
from geo.models import District
from measures.models import CoreArea, MeasureBundle
from participation.notifications import follows as services
from participation.notifications.follows import MODEL_OF_KIND, follow_kind, target_title
from participation.notifications.rules import target_is_visible
from participation.notifications.selectors import follows_of

#: The kind's name in URLs (German, like the site's other paths) and back.
URL_KIND = {
    "measure": "massnahme",
    "bundle": "buendel",
    "core_area": "kernbereich",
    "project": "projekt",
    "idea": "idee",
    "district": "ortsteil",
}
KIND_OF_URL = {value: key for key, value in URL_KIND.items()}

SECTION_ORDER = 5  # near the top of the page's extra sections: before ideas and comments


def follow_anchor(kind: str, pk: int) -> str:
    return f"follow-{kind.replace('_', '-')}-{pk}"


def follow_urls(kind: str, pk: int) -> tuple[str, str]:
    kwargs = {"kind": URL_KIND[kind], "pk": pk}
    return (
        reverse("notifications:follow-create", kwargs=kwargs),
        reverse("notifications:follow-delete", kwargs=kwargs),
    )


def _load_target(url_kind: str, pk: int):
    kind = KIND_OF_URL.get(url_kind)
    if kind is None:
        raise Http404(_("Diese Art von Abonnement gibt es nicht."))
    objects = MODEL_OF_KIND[kind].objects
    if kind == "idea":
        objects = objects.select_related("project")
    target = objects.filter(pk=pk).first()
    if target is None:
        raise Http404(_("Das gibt es nicht."))
    return kind, target


def _act(request, url_kind: str, pk: int, *, follow: bool):
    kind, target = _load_target(url_kind, pk)
    if follow and not target_is_visible(request.user, target):
        raise Http404(_("Das gibt es nicht."))
    back = safe_next(
        request, reverse("notifications:follows"), anchor=follow_anchor(kind, target.pk)
    )
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    title = target_title(target)
    try:
        if follow:
            services.follow_create(user=request.user, target=target)
        else:
            services.follow_delete(user=request.user, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Sie folgen jetzt „%(title)s“.") % {"title": title}
            if follow
            else _("Sie folgen „%(title)s“ nicht mehr.") % {"title": title},
        )
    return HttpResponseRedirect(back)


@require_POST
def follow_create(request, kind: str, pk: int):
    return _act(request, kind, pk, follow=True)


@require_POST
def follow_delete(request, kind: str, pk: int):
    return _act(request, kind, pk, follow=False)


# --- The Abonnements page --------------------------------------------------------------------


class SubscribeForm(forms.Form):
    """Follow one bundle, core area or Ortsteil chosen from a list: the way to subscribe
    to things that have no follow button of their own."""

    def __init__(self, *args, kind: str, queryset, label: str, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.fields["target"] = forms.ModelChoiceField(
            queryset=queryset, label=label, empty_label=_("Bitte wählen"),
        )


SUBSCRIBE_KINDS = {
    "bundle": (MeasureBundle, gettext_lazy("Maßnahmenbündel")),
    "core_area": (CoreArea, gettext_lazy("Kernbereich")),
    "district": (District, gettext_lazy("Ortsteil")),
}
#: What a select option needs (an Ortsteil's boundary is large: not loaded).
SUBSCRIBE_FIELDS = {
    "bundle": ("pk", "number", "title"),
    "core_area": ("pk", "number", "title"),
    "district": ("pk", "name"),
}


def _subscribe_forms(data=None, *, bound_kind: str | None = None) -> dict[str, SubscribeForm]:
    return {
        kind: SubscribeForm(
            data if kind == bound_kind else None,
            kind=kind,
            queryset=model.objects.only(*SUBSCRIBE_FIELDS[kind]),
            label=label,
        )
        for kind, (model, label) in SUBSCRIBE_KINDS.items()
    }


@login_required
@require_http_methods(["GET", "POST"])
def follows(request):
    """What the signed-in person follows, grouped; subscribe to a bundle, core area or
    Ortsteil (POST with ``kind``)."""
    bound_kind = None
    if request.method == "POST":
        bound_kind = request.POST.get("kind")
        if bound_kind not in SUBSCRIBE_KINDS:
            bound_kind = None
            messages.error(request, _("Bitte wählen Sie aus, was Sie abonnieren möchten."))
    subscribe_forms = _subscribe_forms(request.POST, bound_kind=bound_kind)
    if bound_kind is not None:
        form = subscribe_forms[bound_kind]
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.follow_create(user=request.user, target=target)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Sie folgen jetzt „%(title)s“.") % {"title": target_title(target)}
                )
            anchor = follow_anchor(follow_kind(target), target.pk)
            return redirect(f"{reverse('notifications:follows')}#{anchor}")
    groups = follows_of(request.user)
    context = {
        "groups": [
            {
                "kind": group.kind,
                "heading": GROUP_HEADINGS[group.kind],
                "items": [
                    {
                        "follow": follow,
                        "target": (target := services.follow_target(follow)),
                        "title": target_title(target),
                        "url": _target_url(group.kind, target),
                        "anchor": follow_anchor(group.kind, target.pk),
                        "delete_url": follow_urls(group.kind, target.pk)[1],
                    }
                    for follow in group.follows
                ],
            }
            for group in groups
        ],
        "subscribe_forms": list(subscribe_forms.values()),
        "can_follow": has_verified_email(request.user),
    }
    return render(request, "notifications/follows/follows.html", context)


GROUP_HEADINGS = {
    "measure": gettext_lazy("Maßnahmen"),
    "bundle": gettext_lazy("Maßnahmenbündel"),
    "core_area": gettext_lazy("Kernbereiche"),
    "project": gettext_lazy("Beteiligungsprojekte"),
    "idea": gettext_lazy("Ideen"),
    "district": gettext_lazy("Ortsteile"),
}


def _target_url(kind: str, target) -> str | None:
    """Built from loaded fields (no query); Ortsteile have no page of their own."""
    if kind == "district":
        return None
    return target.get_absolute_url()


# --- Sections on the measure page and the project page ---------------------------------------


def _follow_section(request, target, template: str) -> PageSection | None:
    if not target_is_visible(getattr(request, "user", None), target):
        return None
    return PageSection(template=template, context={"target": target}, order=SECTION_ORDER)


def measure_follow_section(request, measure) -> PageSection | None:
    """"Auf dem Laufenden bleiben" with the follow button (public measures only)."""
    return _follow_section(request, measure, "notifications/follows/section_measure.html")


def project_follow_section(request, project) -> PageSection | None:
    """The follow button on a published project's page."""
    return _follow_section(request, project, "notifications/follows/section_project.html")


