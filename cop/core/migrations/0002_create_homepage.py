"""Replace Wagtail's welcome page with Carrefour's home page, as the default site."""

from django.db import migrations

TITLE = "Carrefour des municipalités"
INTRO = (
    "Avant de lancer un projet d'IA ou numérique, voyez ce que les autres "
    "municipalités du Québec ont essayé : ce qui a fonctionné, et ce qui a échoué."
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("core.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    # Wagtail's own migrations create a placeholder "Welcome" page at depth 2.
    Page.objects.filter(depth=2, url_path="/home/", content_type__model="page").delete()

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="core")
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug="accueil",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        intro=INTRO,
        locale=locale,
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost",
        site_name="Carrefour",
        root_page=homepage,
        is_default_site=True,
    )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("core.HomePage")
    HomePage.objects.filter(slug="accueil", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="core").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
