"""The starting set of themes; moderators edit them afterwards."""

from django.db import migrations

THEMES = [
    ("services-aux-citoyens", "Services aux citoyens", "Citizen services"),
    ("voirie-et-infrastructures", "Voirie et infrastructures", "Roads and infrastructure"),
    ("eau-et-matieres-residuelles", "Eau et matières résiduelles", "Water and waste"),
    ("environnement", "Environnement", "Environment"),
    ("securite-publique", "Sécurité publique", "Public safety"),
    ("urbanisme-et-territoire", "Urbanisme et territoire", "Urban planning and land use"),
    ("transport-et-mobilite", "Transport et mobilité", "Transportation and mobility"),
    (
        "administration-et-ressources-humaines",
        "Administration et ressources humaines",
        "Administration and human resources",
    ),
    ("finances", "Finances", "Finance"),
    (
        "loisirs-culture-et-vie-communautaire",
        "Loisirs, culture et vie communautaire",
        "Recreation, culture and community life",
    ),
    ("gouvernance-et-ethique-de-l-ia", "Gouvernance et éthique de l'IA", "AI governance and ethics"),
    ("donnees-ouvertes", "Données ouvertes", "Open data"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("taxonomy.Theme")
    for order, (slug, name_fr, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={"name_fr": name_fr, "name_en": name_en, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_theme")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
