from django import template

from portal.permissions import is_editor, is_platform_secretariat, is_training_coordinator

register = template.Library()

PREDICATES = {
    "editor": is_editor,
    "training_coordinator": is_training_coordinator,
    "platform_secretariat": is_platform_secretariat,
}


@register.filter
def has_role(user: object, role: str) -> bool:
    """`{% if user|has_role:"editor" %}`: one query per request for all roles together."""
    return bool(user and PREDICATES[role](user))
