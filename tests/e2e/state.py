"""Rebuild, after a flush, the data that Carrefour's and Wagtail's migrations create."""

from __future__ import annotations

import importlib

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cop.accounts.roles import ADMINISTRATORS, CONTRIBUTORS, MODERATORS, ROLE_GROUPS
from cop.taxonomy.models import Theme
from tests.factories import ensure_case_study_index

WORKFLOW_NAME = "Approbation par un modérateur"
THEMES = importlib.import_module("cop.taxonomy.migrations.0003_seed_themes").THEMES


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def restore_migration_state() -> None:
    index = ensure_case_study_index()
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}

    access_admin = _permission("wagtailadmin", "access_admin")
    for name in (CONTRIBUTORS, MODERATORS, ADMINISTRATORS):
        groups[name].permissions.add(access_admin)
    for codename in (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ):
        GroupPagePermission.objects.get_or_create(
            group=groups[MODERATORS],
            page=root,
            permission=_permission("wagtailcore", codename),
        )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=groups[CONTRIBUTORS],
            page=index,
            permission=_permission("wagtailcore", codename),
        )
    for group, codenames in (
        (groups[CONTRIBUTORS], ("add_document", "choose_document")),
        (groups[MODERATORS], ("add_document", "change_document", "choose_document")),
    ):
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=_permission("wagtaildocs", codename),
            )
    groups[MODERATORS].permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["taxonomy", "casestudies"],
            content_type__model__in=[
                "theme",
                "municipality",
                "region",
                "solution",
                "vendor",
            ],
        )
    )

    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.set([groups[MODERATORS]])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})

    for order, (slug, name_fr, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={"name_fr": name_fr, "name_en": name_en, "sort_order": order},
        )
