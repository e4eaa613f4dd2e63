"""Member pages, under /membres/ (French) and /en/membres/ (English)."""

from django.urls import path

from cop.accounts import member_views as views

app_name = "members"

urlpatterns = [
    path("moi/", views.my_profile, name="me"),
    path("moi/modifier/", views.profile_edit, name="profile_edit"),
    path("moi/donnees/", views.export_data, name="export_data"),
    path("moi/supprimer/", views.delete_account_view, name="delete_account"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("administration/", views.members_admin, name="admin"),
    path("administration/<int:pk>/", views.member_manage, name="manage"),
    path("administration/<int:pk>/role/", views.member_change_role, name="change_role"),
    path(
        "administration/<int:pk>/municipalite/",
        views.member_set_municipality,
        name="set_municipality",
    ),
    path("administration/<int:pk>/suspendre/", views.member_suspend, name="suspend"),
    path(
        "administration/<int:pk>/reactiver/", views.member_reactivate, name="reactivate"
    ),
    path("<int:pk>/", views.profile_detail, name="profile"),
]
