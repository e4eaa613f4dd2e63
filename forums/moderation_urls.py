"""Reports and moderation routes (part of the `forums` namespace)."""

from django.urls import path

from forums import moderation_views as views

urlpatterns = [
    path("messages/<int:pk>/signaler/", views.report_post, name="report_post"),
    path("messages/<int:pk>/masquer/", views.hide_post, name="hide_post"),
    path("messages/<int:pk>/retablir/", views.unhide_post, name="unhide_post"),
    path(
        "messages/<int:pk>/rejeter-signalements/",
        views.dismiss_reports,
        name="dismiss_reports",
    ),
    path(
        "messages/<int:pk>/suspendre-auteur/",
        views.suspend_author,
        name="suspend_author",
    ),
    path("fils/<int:pk>/verrouiller/", views.lock_thread, name="lock_thread"),
    path("fils/<int:pk>/deverrouiller/", views.unlock_thread, name="unlock_thread"),
    path("fils/<int:pk>/epingler/", views.pin_thread, name="pin_thread"),
    path("fils/<int:pk>/desepingler/", views.unpin_thread, name="unpin_thread"),
    path("fils/<int:pk>/deplacer/", views.move_thread, name="move_thread"),
    path("fils/<int:pk>/masquer/", views.hide_thread, name="hide_thread"),
    path("fils/<int:pk>/retablir/", views.unhide_thread, name="unhide_thread"),
    path("moderation/signalements/", views.moderation_queue, name="moderation_queue"),
    path("moderation/journal/", views.audit_log, name="audit_log"),
]
