from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ row.grades|get_item:key }}: a dict lookup by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("township/_state.html")
def state_tag(key):
    """{% state_tag k.state %}: the one word of a state (township/states.py) as a tag."""
    from township.states import STATE_TAGS, State

    if key not in State.values:
        return {"label": "", "css": ""}
    return {"label": State(key).label, "css": STATE_TAGS[State(key)]}


@register.simple_tag
def state_word(key):
    """{% state_word "on_track" %}: the word alone, e.g. in a table header."""
    from township.states import state_label

    return state_label(key)
