from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_de", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # The three pages are required by law; staff edit them but never remove them.
        return False
