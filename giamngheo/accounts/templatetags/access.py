"""Who the user is and what the menus may offer them. The filters only ask `accounts.access`; templates never
decide who may do what themselves."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from giamngheo.accounts import access
from giamngheo.accounts.models import Role, User

register = template.Library()


@register.filter
def can_read_audit(user: User | AnonymousUser) -> bool:
    return access.can_read_audit(user)


@register.filter
def can_verify_certificates_in_bulk(user: User | AnonymousUser) -> bool:
    return access.can_verify_certificates_in_bulk(user)


@register.filter
def managed_commune_id(user: User | AnonymousUser) -> int | None:
    """The commune whose villages the user manages, for the menu link; None when there is no single one."""
    commune = access.managed_commune_of(user)
    return commune.pk if commune is not None else None


@register.filter
def area_label(user: User | AnonymousUser) -> str:
    """Where the user works, as the header shows it: "Thôn Một · Xã Thử A", "Tỉnh Thử Nghiệm", "Toàn quốc"."""
    if not isinstance(user, User):
        return ""
    scope = access.scope_of(user)
    if scope.nothing:
        return _("Chưa được giao địa bàn")
    if scope.national:
        return _("Toàn quốc")
    if user.role == Role.VILLAGE_COLLABORATOR and user.village is not None:
        return f"{user.village} · {user.village.commune}"
    return str(user.area)
