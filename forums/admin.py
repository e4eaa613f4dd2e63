"""Django admin views of discussions, for support; day-to-day moderation
happens on the site (forums/moderation_views.py)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin

from forums.models import ModerationAction, Post, Report, Thread


class PostInline(admin.TabularInline):
    model = Post
    fields = ("author", "created_at", "hidden", "reaction_count")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "theme",
        "author",
        "reply_count",
        "last_activity_at",
        "pinned",
        "locked",
        "hidden",
    )
    list_filter = ("theme", "visibility", "pinned", "locked", "hidden")
    search_fields = ("title",)
    raw_id_fields = ("author", "last_post_author", "accepted_post")
    readonly_fields = ("reply_count", "last_activity_at", "search_version")
    inlines: ClassVar[list] = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "created_at", "edited_at", "hidden")
    list_filter = ("hidden",)
    search_fields = ("body_source",)
    raw_id_fields = ("thread", "author")
    # body_html is always render_markdown(body_source): edit through the site.
    readonly_fields = ("body_source", "body_html", "reaction_count")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reporter", "status", "created_at")
    list_filter = ("status", "reason")
    raw_id_fields = ("post", "reporter", "handled_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "actor", "kind", "created_at")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is never edited

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
