"""Show personal data whole to those who manage the member, masked to everyone else."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.validators import mask_address, mask_birth_date, mask_id_number, mask_phone

register = template.Library()


@register.simple_tag
def id_number(member, show: bool):
    return member.id_number if show else mask_id_number(member.id_number)


@register.simple_tag
def phone(member, show: bool):
    return member.phone if show else mask_phone(member.phone)


@register.simple_tag
def address(member, show: bool):
    return member.address if show else mask_address(member.address)


@register.simple_tag
def birth_date(member, show: bool):
    """The whole date to those who see the ID number whole; the year only to the others."""
    if not member.birth_date:
        return ""
    if show:
        return date_format(member.birth_date, "DATE_FORMAT")
    return _("%(year)s (year only)") % {"year": mask_birth_date(member.birth_date)}


@register.simple_tag
def age(member, show: bool):
    """The age to those who see the ID number whole; the birth year to the others (age and
    year together would narrow the hidden birth date to a few days)."""
    if not member.birth_date:
        return ""
    if show:
        return member.age
    return _("born %(year)s") % {"year": mask_birth_date(member.birth_date)}
