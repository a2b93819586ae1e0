"""Show personal data whole to those who manage the member, masked to everyone else."""

from django import template

from members.validators import mask_address, mask_id_number, mask_phone

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
