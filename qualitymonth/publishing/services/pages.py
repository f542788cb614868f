"""The simple pages (about, contact, privacy, accessibility), edited by the secretariat."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qualitymonth.core.chinese import to_traditional_phrases
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.versions import check_version, version_of
from qualitymonth.publishing import bodies
from qualitymonth.publishing.models import BodyFormat, Page

FIELDS = ("title", "title_zh_hant", "title_en", "body", "body_zh_hant", "body_en")


def page_version(page: Page) -> str:
    """The version the page's edit form is opened with (core.versions)."""
    return version_of({name: getattr(page, name) for name in FIELDS})


@transaction.atomic
def save_page(*, actor, key: str, data: dict) -> Page:
    """Save the page; a `version` from a form opened before someone else's save is refused."""
    if not actor.has_perm("publishing.edit_pages"):
        raise PermissionDenied
    page = Page.objects.select_for_update().filter(key=key).first() or Page(key=key)
    before = {name: getattr(page, name) for name in FIELDS}
    if page.pk:
        labels = {name: str(Page._meta.get_field(name).verbose_name) for name in FIELDS}
        labels = {name: label[:1].upper() + label[1:] for name, label in labels.items()}
        check_version(data.get("version"), before, labels=labels)
    for name in FIELDS:
        setattr(page, name, (data.get(name) or "").strip())
    page.title_zh_hant = page.title_zh_hant or to_traditional_phrases(page.title)
    page.body_zh_hant = page.body_zh_hant or to_traditional_phrases(page.body)
    for suffix in ("", "_zh_hant", "_en"):
        html = bodies.render(getattr(page, f"body{suffix}"), BodyFormat.MARKDOWN)
        setattr(page, f"body_html{suffix}", html)
    page.updated_by = actor
    page.save()
    changes = diff_fields(before, {name: getattr(page, name) for name in FIELDS})
    log_action(actor=actor, action="page.edit", obj=page, changes=changes)
    return page
