"""The legal pages in the admin: the texts ship with the code (pages/content/); an editor
may save an own version per field and language, and go back to the shipped text with the
list action or the button on the page. The list says which pages have an own version."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OVERRIDE_FIELDS, Page
from .selectors import shipped_for, shown

RESET_BUTTON = "_reset_to_shipped"


class PageForm(forms.ModelForm):
    """Shows the text the page has now: a field without an override starts with the shipped
    text, so editors change the text rather than write it anew."""

    class Meta:
        model = Page
        fields = OVERRIDE_FIELDS
        widgets = {
            "title_de": forms.TextInput(attrs={"class": "vTextField"}),
            "title_en": forms.TextInput(attrs={"class": "vTextField"}),
            "body_de": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
            "body_en": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shipped = shipped_for(self.instance)
        for field in OVERRIDE_FIELDS:
            if not getattr(self.instance, field):
                part, language = field.rsplit("_", 1)
                self.initial[field] = getattr(shipped[language], part)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["__str__", "shown_title", "version", "saved_at"]
    actions = ["reset_to_shipped"]
    readonly_fields = ["version", "shipped_de", "shipped_en"]
    fieldsets = [
        (
            None,
            {
                "fields": ["version"],
                "description": _(
                    "Die Felder zeigen den Text, den die Seite jetzt hat. Was Sie ändern, wird "
                    "als eigene Fassung gespeichert; ein Feld, das Sie leeren oder wie "
                    "mitgeliefert lassen, zeigt den mitgelieferten Text."
                ),
            },
        ),
        (_("Deutsch"), {"fields": ["title_de", "body_de"]}),
        (_("Englisch"), {"fields": ["title_en", "body_en"]}),
        (
            _("Mitgelieferter Text zum Vergleich"),
            {"fields": ["shipped_de", "shipped_en"], "classes": ["collapse"]},
        ),
    ]

    def has_add_permission(self, request) -> bool:
        # The three pages always exist (pages.apps); there is nothing to add.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The pages are required by law. Going back to the shipped text is the reset.
        return False

    @admin.display(description=_("Titel"))
    def shown_title(self, obj: Page) -> str:
        return shown(obj, "de").title

    @admin.display(description=_("Fassung"))
    def version(self, obj: Page) -> str:
        shipped = shipped_for(obj).values()
        shipped_date = max(text.updated for text in shipped)
        fields = obj.overridden_fields()
        if not fields:
            return gettext("Mitgelieferter Text (Stand: %(date)s)") % {
                "date": date_format(shipped_date)
            }
        names = ", ".join(str(Page._meta.get_field(field).verbose_name) for field in fields)
        text = gettext("Eigene Fassung: %(fields)s") % {"fields": names}
        if shipped_date > timezone.localdate(obj.updated_at):
            text += " – " + gettext(
                "der mitgelieferte Text ist neuer (Stand: %(date)s); bitte vergleichen"
            ) % {"date": date_format(shipped_date)}
        return text

    @admin.display(description=_("eigene Fassung gespeichert"))
    def saved_at(self, obj: Page) -> str:
        return date_format(timezone.localtime(obj.updated_at)) if obj.is_overridden else "–"

    def _shipped(self, obj: Page, language: str) -> str:
        text = shipped_for(obj)[language]
        return format_html(
            "<strong>{}</strong>{}", text.title, linebreaks_filter(text.body, autoescape=True)
        )

    @admin.display(description=_("Mitgelieferter Text (Deutsch)"))
    def shipped_de(self, obj: Page) -> str:
        return self._shipped(obj, "de")

    @admin.display(description=_("Mitgelieferter Text (Englisch)"))
    def shipped_en(self, obj: Page) -> str:
        return self._shipped(obj, "en")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.slug == Page.Kind.ACCESSIBILITY:
            fieldsets.insert(1, (_("Überprüfung"), {"fields": ["reviewed_on"]}))
        return fieldsets

    def save_model(self, request, obj, form, change) -> None:
        texts = {field: form.cleaned_data[field] for field in OVERRIDE_FIELDS}
        extra = {}
        if "reviewed_on" in form.cleaned_data:
            extra["reviewed_on"] = form.cleaned_data["reviewed_on"]
        saved = services.page_override_save(actor=request.user, slug=obj.slug, texts=texts, **extra)
        for field in (*OVERRIDE_FIELDS, "reviewed_on", "pk", "updated_at"):
            setattr(obj, field, getattr(saved, field))

    @admin.action(description=_("Auf den mitgelieferten Text zurücksetzen"), permissions=["change"])
    def reset_to_shipped(self, request, queryset) -> None:
        pages = [page for page in queryset if page.is_overridden]
        for page in pages:
            self._reset(request, page)
        self.message_user(
            request,
            ngettext(
                "%(count)d Seite zeigt wieder den mitgelieferten Text.",
                "%(count)d Seiten zeigen wieder den mitgelieferten Text.",
                len(pages),
            )
            % {"count": len(pages)},
            messages.SUCCESS,
        )

    def _reset(self, request, page: Page) -> None:
        services.page_reset(actor=request.user, page=page)
        self.log_change(request, page, gettext("Auf den mitgelieferten Text zurückgesetzt."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and RESET_BUTTON in request.POST:
            page = self.get_object(request, unquote(object_id))
            if page is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not self.has_change_permission(request, page):
                raise PermissionDenied
            self._reset(request, page)
            self.message_user(
                request,
                gettext("„%(page)s“ zeigt wieder den mitgelieferten Text.") % {"page": page},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        extra_context = {**(extra_context or {}), "reset_button": RESET_BUTTON}
        return super().change_view(request, object_id, form_url, extra_context)
