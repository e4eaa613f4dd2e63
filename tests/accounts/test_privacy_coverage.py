"""Law 25: every model that holds something about a person is exported and
erased, or left out on purpose with a written reason."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from cop.accounts.privacy import covered_relations


def user_relations() -> set[str]:
    """Every concrete relation from any installed model to the user model, named
    after the model that declares it ("app_label.Model.field")."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (field.is_relation and field.related_model is user_model):
                continue
            if field.auto_created and not field.concrete:
                continue  # the reverse side of a relation declared elsewhere
            if not (field.concrete or field.many_to_many):
                continue
            found.add(f"{field.model._meta.label}.{field.name}")
    return found


def test_every_relation_to_a_person_is_exported_and_erased_or_excluded_with_reason():
    declared = covered_relations()

    missing = sorted(user_relations() - set(declared))

    assert not missing, (
        "These relations to the user model are neither covered by a personal "
        "data section nor excluded with a reason (see cop/accounts/privacy.py): "
        + ", ".join(missing)
    )


def test_no_declared_relation_is_stale():
    """A section or exclusion naming a relation that no longer exists hides a gap."""
    stale = sorted(set(covered_relations()) - user_relations())
    assert not stale, "Declared but absent relations: " + ", ".join(stale)
