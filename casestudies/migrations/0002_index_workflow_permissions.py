"""Create the case-study index page, name the moderation workflow in French and
give contributors and moderators their rights on case studies."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's, steplen 4
WORKFLOW_NAME = "Approbation par un modérateur"


def _step(number: int) -> str:
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits


def _ensure_permissions(apps):
    for label in ("casestudies", "taxonomy", "wagtaildocs"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("core.HomePage")
    IndexPage = apps.get_model("casestudies.CaseStudyIndexPage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")

    _ensure_permissions(apps)

    home = HomePage.objects.order_by("path").first()
    index = IndexPage.objects.first()
    if home is not None and index is None:
        siblings = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        position = int(last[-4:], 36) + 1 if last else 1
        index_type, _ = ContentType.objects.get_or_create(
            app_label="casestudies", model="casestudyindexpage"
        )
        index = IndexPage.objects.create(
            title="Études de cas",
            draft_title="Études de cas",
            slug="etudes-de-cas",
            content_type=index_type,
            path=home.path + _step(position),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}etudes-de-cas/",
            intro=(
                "Des projets racontés par les municipalités qui les ont menés, "
                "réussites comme échecs."
            ),
            locale_id=home.locale_id,
            live=True,
            has_unpublished_changes=False,
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    contributors = Group.objects.get(name="Contributors")
    moderators = Group.objects.get(name="Moderators")
    if index is not None:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=contributors,
                page_id=index.pk,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for codename in ("add_document", "choose_document"):
            GroupCollectionPermission.objects.get_or_create(
                group=contributors,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtaildocs", codename=codename
                ),
            )

    # Moderators keep the reference data clean.
    reference = Permission.objects.filter(
        content_type__app_label__in=["taxonomy", "casestudies"],
        content_type__model__in=["theme", "municipality", "region", "solution", "vendor"],
    )
    moderators.permissions.add(*reference)

    # Wagtail's default workflow ("Moderators approval", group task for the
    # Moderators group, on the root page) is the one Carrefour uses.
    Workflow.objects.filter(name="Moderators approval").update(name=WORKFLOW_NAME)
    Task.objects.filter(name="Moderators approval").update(name=WORKFLOW_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
        ("core", "0004_homepage_english_text"),
        ("accounts", "0003_roles"),
        ("taxonomy", "0003_seed_themes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
