"""Who may do what with practices. Views check these on the server for every object."""

import rules

from portal.permissions import is_editor, is_member


@rules.predicate
def is_author(user, practice) -> bool:  # noqa: ANN001 - rules passes user and object
    return practice is not None and user.is_authenticated and practice.author_id == user.pk


@rules.predicate
def is_editable(user, practice) -> bool:  # noqa: ANN001
    return practice is not None and practice.status in ("draft", "in_review")


@rules.predicate
def is_readable(user, practice) -> bool:  # noqa: ANN001
    if practice is None or practice.status != "published":
        return False
    return practice.visibility == "public" or user.is_authenticated


# Any signed-in member may write and submit; editors review, but never their own practice.
rules.add_perm("knowledge.add_practice", is_member)
rules.add_perm("knowledge.view_practice", is_readable | is_author | is_editor)
rules.add_perm("knowledge.change_practice", (is_author & is_editable) | is_editor)
rules.add_perm("knowledge.review_practice", is_editor & ~is_author)
rules.add_perm("knowledge.view_revisions", is_editor)
rules.add_perm("knowledge.engage_practice", is_member & is_readable)
