from django.urls import path

from forums import moderation_urls, notification_urls, views

app_name = "forums"

urlpatterns = [
    path("", views.theme_list, name="theme_list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("themes/<slug:slug>/nouveau/", views.thread_create, name="thread_create"),
    path("fils/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("fils/<int:pk>/repondre/", views.reply, name="reply"),
    path("messages/<int:pk>/modifier/", views.post_edit, name="post_edit"),
    path("messages/<int:pk>/historique/", views.post_history, name="post_history"),
    path("messages/<int:pk>/accepter/", views.accept_answer, name="accept_answer"),
    path("messages/<int:pk>/utile/", views.react, name="react"),
    path("apercu/", views.preview, name="preview"),
    *moderation_urls.urlpatterns,
    *notification_urls.urlpatterns,
]
