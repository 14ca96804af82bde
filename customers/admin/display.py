"""The small HTML pieces of the customer's page, shared with the apps that add summaries to it."""
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

#: How many related records a summary lists before linking to all of them.
SHOWN_RELATED = 5


def short_time(moment):
    """A date-time as the list shows it: compact, in the admin's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


def html_table(headers, rows):
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join("", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),)
                                                for row in rows))
    return format_html('<table class="customer-related"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
                       head, body)


def related_summary(objects, url_prefix, customer, what, headers, row):
    """The latest few ``objects`` (read SHOWN_RELATED + 1, to know whether there are more),
    each linked to its admin page by its first column, and a link to all of them: the
    list of ``url_prefix`` (``admin:<app>_<model>``) filtered to the customer."""
    if not objects:
        return f"No {what}."
    rows = [(link(reverse(f"{url_prefix}_change", args=[obj.pk]), row(obj)[0]), *row(obj)[1:])
            for obj in objects[:SHOWN_RELATED]]
    all_url = reverse(f"{url_prefix}_changelist") + f"?customer__id__exact={customer.pk}"
    more = "all of them" if len(objects) > SHOWN_RELATED else "in the list"
    return format_html("{}<p>{}</p>", html_table(headers, rows), link(all_url, f"Show the {what} {more}"))
