"""Follow, notification and unsubscribe routes (part of the `forums` namespace)."""

from django.urls import path

from forums import notification_views as views

urlpatterns = [
    path("fils/<int:pk>/suivre/", views.follow_thread, name="follow_thread"),
    path("themes/<slug:slug>/suivre/", views.follow_theme, name="follow_theme"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/tout-lire/",
        views.mark_all_read,
        name="notifications_mark_all_read",
    ),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
