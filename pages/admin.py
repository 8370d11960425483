"""The pages with shipped texts in the admin (legal pages, Leichte Sprache): the texts ship
with the code (pages/content/); an editor may save an own version per field and language,
and go back to the shipped text with the list action or the button on the page. The list
says which pages have an own version. The pages in Leichte Sprache are German only.

And the sign-language videos: an upload is read with ffprobe and refused, as a form error,
unless it meets BITV 2.0 Anlage 2 (pages.video)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat, linebreaks_filter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin

from . import services
from .models import OVERRIDE_FIELDS, Page, SignLanguageVideo
from .selectors import shipped_for, shown
from .video import video_check

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
            if field in self.fields and not getattr(self.instance, field):
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

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.is_easy_language:
            # Leichte Sprache is German: no English fields, and a note on the format.
            return [
                (
                    None,
                    {
                        "fields": ["version"],
                        "description": _(
                            "Leichte Sprache: ein Satz pro Zeile. Eine Zeile mit „- “ am "
                            "Anfang ist ein Listenpunkt, eine Zeile mit „## “ am Anfang eine "
                            "Überschrift, eine Leerzeile beginnt einen neuen Abschnitt. Die "
                            "Seite ist auch auf Englisch nur deutsch. Was Sie ändern, wird "
                            "als eigene Fassung gespeichert."
                        ),
                    },
                ),
                (_("Deutsch"), {"fields": ["title_de", "body_de"]}),
                (
                    _("Mitgelieferter Text zum Vergleich"),
                    {"fields": ["shipped_de"], "classes": ["collapse"]},
                ),
            ]
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.slug == Page.Kind.ACCESSIBILITY:
            fieldsets.insert(1, (_("Überprüfung"), {"fields": ["reviewed_on"]}))
        return fieldsets

    def has_add_permission(self, request) -> bool:
        # The pages always exist (pages.apps); there is nothing to add.
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

    def save_model(self, request, obj, form, change) -> None:
        texts = {
            field: form.cleaned_data[field]
            for field in OVERRIDE_FIELDS
            if field in form.cleaned_data
        }
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


class SignLanguageVideoForm(forms.ModelForm):
    """Reads an uploaded video with ffprobe and refuses it (a form error with every reason)
    unless it meets BITV 2.0 Anlage 2; captions must be WebVTT."""

    class Meta:
        model = SignLanguageVideo
        fields = ["topic", "video", "captions", "transcript", "poster"]
        widgets = {"transcript": forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"})}

    video_facts = None

    def clean_video(self):
        upload = self.cleaned_data.get("video")
        if upload and "video" in self.changed_data:
            self.video_facts = video_check(upload)
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and "captions" in self.changed_data:
            upload.seek(0)
            start = upload.read(16)
            upload.seek(0)
            if not start.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                raise forms.ValidationError(
                    _("Die Untertitel müssen eine WebVTT-Datei sein (sie beginnt mit „WEBVTT“).")
                )
        return upload


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(DomainErrorsAdminMixin, admin.ModelAdmin):
    form = SignLanguageVideoForm
    list_display = ["__str__", "resolution", "frame_rate", "duration", "size", "updated_at"]
    readonly_fields = ["resolution", "frame_rate", "duration", "size"]
    fieldsets = [
        (
            None,
            {
                "fields": ["topic", "video", "captions", "transcript", "poster"],
                "description": _(
                    "Ein Video in Deutscher Gebärdensprache pro Thema. Beim Hochladen wird "
                    "geprüft: mindestens 320 × 240 Pixel und 25 Bilder pro Sekunde (BITV 2.0, "
                    "Anlage 2). Untertitel oder ein Text zum Video sind Pflicht. Die Seite "
                    "/gebaerdensprache/ zeigt die Videos mit Download, Größe und Dauer."
                ),
            },
        ),
        (_("Gelesen aus der Datei"), {"fields": ["resolution", "frame_rate", "duration", "size"]}),
    ]

    @admin.display(description=_("Auflösung"))
    def resolution(self, obj: SignLanguageVideo) -> str:
        return f"{obj.width} × {obj.height}" if obj.width else "–"

    @admin.display(description=_("Dateigröße"))
    def size(self, obj: SignLanguageVideo) -> str:
        return filesizeformat(obj.file_size) if obj.file_size else "–"

    def save_model(self, request, obj, form, change) -> None:
        upload = form.cleaned_data.get("video")
        services.sign_language_video_save(
            actor=request.user,
            video=obj,
            facts=form.video_facts,
            file_size=upload.size if form.video_facts else None,
        )

    def delete_model(self, request, obj) -> None:
        services.sign_language_video_delete(actor=request.user, video=obj)

    def delete_queryset(self, request, queryset) -> None:
        for video in queryset:
            services.sign_language_video_delete(actor=request.user, video=video)
