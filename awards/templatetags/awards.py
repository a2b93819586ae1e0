"""{% honours member %} and {% branch_honours branch %}: the honours section the member and
branch pages include, one query each, without touching those pages' views."""

from django import template

from awards.selectors import honours_of_branch, honours_of_member

register = template.Library()


@register.inclusion_tag("awards/_honours.html")
def honours(member):
    return {"honours": list(honours_of_member(member)), "show_member": False}


@register.inclusion_tag("awards/_honours.html")
def branch_honours(branch):
    return {"honours": list(honours_of_branch(branch)), "show_member": True}
