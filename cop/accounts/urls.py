from django.urls import path

from cop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inscriptions/", views.sign_up_queue, name="sign_up_queue"),
    path(
        "inscriptions/<int:profile_id>/approuver/",
        views.approve_sign_up,
        name="approve_sign_up",
    ),
    path(
        "inscriptions/<int:profile_id>/refuser/",
        views.refuse_sign_up,
        name="refuse_sign_up",
    ),
]
