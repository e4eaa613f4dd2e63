"""Object-level rules on case studies, on top of Wagtail's tree permissions.

Contributors hold "add" and "change" on the case-study index (data migration),
which Wagtail would apply to every case below it. Here a contributor who is not
a moderator is limited to the cases of their own municipality.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from cop.accounts.roles import is_moderator, municipality_id_of


def is_outside_municipality(user, municipality_id: int | None) -> bool:
    """True when a non-moderator works on another municipality's case."""
    if user.is_superuser or is_moderator(user):
        return False
    own = municipality_id_of(user)
    return own is None or own != municipality_id


class CaseStudyPermissionTester(PagePermissionTester):
    def _outside(self) -> bool:
        return is_outside_municipality(self.user, self.page.municipality_id)

    def can_edit(self):
        return not self._outside() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return not self._outside() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return not self._outside() and super().can_publish()

    def can_unpublish(self):
        return not self._outside() and super().can_unpublish()

    def can_submit_for_moderation(self):
        return not self._outside() and super().can_submit_for_moderation()

    def can_lock(self):
        return not self._outside() and super().can_lock()

    def can_copy(self):
        return not self._outside() and super().can_copy()

    def can_move(self):
        return not self._outside() and super().can_move()
