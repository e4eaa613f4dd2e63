"""Carrefour's roles as groups. Wagtail's migrations already create "Moderators"
(with page rights on the whole tree and the admin) and "Editors" (unused here)."""

from django.db import migrations

ROLES = ["Members", "Contributors", "Moderators", "Administrators"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ["Contributors", "Moderators", "Administrators"]:
        Group.objects.get(name=name).permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
