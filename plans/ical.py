"""A small iCalendar (RFC 5545) writer: all-day events for task deadlines.

Lines end in CRLF, text values are escaped, long lines are folded at 75 octets without
splitting a UTF-8 character."""

import datetime

from django.utils import timezone


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuations starting with a
    space (RFC 5545 3.1)."""
    out, chunk, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(chunk)
            chunk, size, limit = " ", 1, 75
        chunk += char
        size += width
    out.append(chunk)
    return "\r\n".join(out)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(name: str, events: list[dict], *, domain: str = "township") -> str:
    """events: dicts with uid, day, summary, description, url (optional), yearly (bool)."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{domain}//plans//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event['day'])}",
            f"DTEND;VALUE=DATE:{_date(event['day'] + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape(event['summary'])}",
        ]
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape(event['description'])}")
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        if event.get("yearly"):
            lines.append("RRULE:FREQ=YEARLY")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
