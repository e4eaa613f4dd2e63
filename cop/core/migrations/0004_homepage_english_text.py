from django.db import migrations

TITLE_EN = "Carrefour for Quebec municipalities"
INTRO_EN = (
    "Before starting an AI or digital project, see what other Quebec "
    "municipalities have tried: what worked, and what failed."
)


def add_english(apps, schema_editor):
    HomePage = apps.get_model("core.HomePage")
    HomePage.objects.filter(title_en="").update(title_en=TITLE_EN, intro_en=INTRO_EN)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_homepage_english")]

    operations = [migrations.RunPython(add_english, migrations.RunPython.noop)]
