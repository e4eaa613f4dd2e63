"""StreamField blocks of a case study."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class IndicatorBlock(blocks.StructBlock):
    """An indicator the municipality already tracks, before and after the project."""

    name = blocks.CharBlock(label=_("Indicateur"), max_length=200)
    baseline = blocks.DecimalBlock(label=_("Valeur de départ"), required=False)
    result = blocks.DecimalBlock(
        label=_("Résultat"), required=False, help_text=_("Vide si pas encore mesuré.")
    )
    unit = blocks.CharBlock(label=_("Unité"), max_length=60, required=False)
    method = blocks.CharBlock(
        label=_("Comment c'est mesuré"), max_length=300, required=False
    )

    class Meta:
        icon = "table"
        label = _("Indicateur")
        template = "blocks/indicator_block.html"


class AttachmentBlock(blocks.StructBlock):
    """A document worth reusing: call for tenders, evaluation grid, report."""

    kind = blocks.ChoiceBlock(
        label=_("Type"),
        choices=[
            ("tender", _("Appel d'offres")),
            ("grid", _("Grille d'évaluation")),
            ("report", _("Rapport")),
            ("other", _("Autre")),
        ],
        default="other",
    )
    title = blocks.CharBlock(label=_("Titre"), max_length=200)
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Pièce jointe")
        template = "blocks/attachment_block.html"
