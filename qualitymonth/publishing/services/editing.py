"""Writing a post: every check first, then one transaction; a refused post saves nothing.

Files (the cover, attachments) are checked by content before anything is written and stored
once the row commits (core.uploads). Editing a published post keeps what readers saw before
as a Revision, which the public page lists as its 修订记录.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.chinese import to_traditional, to_traditional_phrases
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.uploads import attachment_content_type, prepare_photo, store_on_commit
from qualitymonth.core.versions import check_version, shown, version_of
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.publishing import bodies, links, selectors
from qualitymonth.publishing.models import (
    NUMBERED_KINDS,
    Attachment,
    Audience,
    BodyFormat,
    Picture,
    Post,
    PostKind,
    PostState,
    Revision,
    Tag,
)

# What a post's attachments may be: documents people download from a notice.
ATTACHMENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ATTACHMENTS = 10
MAX_TAGS = 10
TEXT_FIELDS = (
    "kind",
    "title",
    "title_zh_hant",
    "title_en",
    "body_format",
    "body",
    "body_zh_hant",
    "body_en",
    "audience",
    "segment",
    "publish_at",
    "expire_at",
    "document_number",
)
LANGUAGES = ("", "_zh_hant", "_en")


# What the edit form's version covers: a save from a form opened before any of these changed
# is refused (core.versions), naming what changed.
VERSIONED = (*TEXT_FIELDS, "unit", "tags", "link_type", "link_id", "attachments", "state")


def _version_values(post: Post) -> dict:
    values = {name: getattr(post, name) for name in TEXT_FIELDS}
    values.update(
        unit=post.unit_id,
        tags=sorted(tag.name for tag in post.tags.all()),
        link_type=links.key_of(post.link_type) if post.link_type_id else "",
        link_id=post.link_id,
        attachments=sorted(attachment.name for attachment in post.attachments.all()),
        state=post.state,
    )
    return values


def post_version(post: Post) -> str:
    """The version the post's edit form is opened with."""
    return version_of(_version_values(post))


def _check_version(post: Post, version: str | None) -> None:
    """Refuse a save from a form opened before someone else's save (the row is locked)."""
    if not version:
        return
    Post.objects.select_for_update().filter(pk=post.pk).values_list("pk").first()
    post.refresh_from_db()
    for cached in ("tags", "attachments"):
        getattr(post, "_prefetched_objects_cache", {}).pop(cached, None)
    values = _version_values(post)
    labels = {
        name: str(Post._meta.get_field(name).verbose_name)
        for name in VERSIONED
        if name != "attachments"
    }
    labels["attachments"] = str(Attachment._meta.verbose_name_plural)
    labels = {name: label[:1].upper() + label[1:] for name, label in labels.items()}
    display = {
        name: shown(getattr(post, f"get_{name}_display")())
        for name in ("kind", "body_format", "audience", "state")
    }
    display["unit"] = shown(str(post.unit) if post.unit_id else None)
    if post.link_type_id:
        display["link_type"] = shown(str(links.KINDS[values["link_type"]].label))
    check_version(version, values, labels=labels, display=display)


def _check_dates(data: dict, errors: dict) -> None:
    publish_at, expire_at = data.get("publish_at"), data.get("expire_at")
    if publish_at and expire_at and expire_at <= publish_at:
        errors.setdefault("expire_at", []).append(
            _("The post must leave the column after it is published: choose a later time.")
        )


def _check_link(actor, data: dict, errors: dict):
    """(content type, id) of the linked object, or (None, None); an object the author may
    not open is refused, as if it were not there."""
    key, object_id = data.get("link_type") or "", data.get("link_id")
    if not key and not object_id:
        return None, None
    content_type = links.content_type_for(key)
    if content_type is None or object_id is None:
        errors.setdefault("link_id", []).append(_("Choose what the post links to, and its number."))
        return None, None
    if links.visible_object(actor, content_type, object_id) is None:
        errors.setdefault("link_id", []).append(
            _("There is no %(kind)s number %(id)s that you may see.")
            % {"kind": links.KINDS[key].label, "id": object_id}
        )
        return None, None
    return content_type, object_id


def _check_files(data: dict, errors: dict) -> tuple:
    picture = None
    cover = data.get("cover")
    if cover:
        try:
            picture = prepare_photo(cover, field=_("Cover picture"))
        except ValidationError as error:
            errors.setdefault("cover", []).extend(error.messages)
    pictures = []
    for upload in data.get("pictures") or []:
        try:
            pictures.append((upload.name, prepare_photo(upload, field=_("Pictures for the body"))))
        except ValidationError as error:
            errors.setdefault("pictures", []).extend(error.messages)
    files = []
    for upload in data.get("attachments") or []:
        try:
            content_type = attachment_content_type(upload)
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.messages)
            continue
        if content_type not in ATTACHMENT_TYPES:
            errors.setdefault("attachments", []).append(
                _("%(name)s is not a PDF, Word (DOCX) or Excel (XLSX) file.")
                % {"name": upload.name}
            )
            continue
        files.append((upload, content_type))
    return picture, files, pictures


def _check(actor, data: dict, post: Post | None) -> tuple:
    errors: dict[str, list] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Give the post a title.")]
    if data.get("document_number") and data.get("kind") not in NUMBERED_KINDS:
        errors["document_number"] = [
            _("Only notices, policy documents, calls and decisions carry a document number.")
        ]
    if data.get("audience") == Audience.SEGMENT and not data.get("segment"):
        errors["segment"] = [_("Choose the group of members who may read it.")]
    for suffix in LANGUAGES:
        text = data.get(f"body{suffix}") or ""
        if data.get("body_format") == BodyFormat.HTML and bodies.has_unsafe_markup(text):
            errors.setdefault(f"body{suffix}", []).append(
                _(
                    "The text holds a script, a frame, an event handler (such as onclick) or "
                    "a javascript: link. Remove it: the platform does not publish them."
                )
            )
    unit = data.get("unit")
    if unit is not None and not selectors.author_units(actor).filter(pk=unit.pk).exists():
        errors["unit"] = [_("You do not write for this unit.")]
    if unit is None and not is_secretariat(actor):
        errors["unit"] = [_("Choose the unit the post is from.")]
    if data.get("kind") == PostKind.MEMBER_ACTIVITY and unit is None:
        errors["unit"] = [_("A member activity is published for a unit: choose it.")]
    kept = post.attachments.count() if post else 0
    removed = len(data.get("remove_attachments") or [])
    if kept - removed + len(data.get("attachments") or []) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(
            _("A post has at most %(count)s attachments.") % {"count": MAX_ATTACHMENTS}
        )
    if len(data.get("tags") or []) > MAX_TAGS:
        errors["tags"] = [_("A post has at most %(count)s tags.") % {"count": MAX_TAGS}]
    if post is not None and post.state == PostState.PUBLISHED and not data.get("note"):
        errors["note"] = [_("Say what you corrected: readers see it in the revision history.")]
    _check_dates(data, errors)
    link = _check_link(actor, data, errors)
    picture, files, pictures = _check_files(data, errors)
    if errors:
        raise ValidationError(errors)
    return link, picture, files, pictures


def _apply(post: Post, data: dict, link) -> None:
    for name in TEXT_FIELDS:
        if name in data:
            value = data[name]
            setattr(post, name, value.strip() if isinstance(value, str) else value)
    post.unit = data.get("unit")
    if post.audience != Audience.SEGMENT:
        post.segment = ""
    # Traditional Chinese left blank is drafted by OpenCC from the Simplified text.
    post.title_zh_hant = post.title_zh_hant or to_traditional(post.title)
    post.body_zh_hant = post.body_zh_hant or to_traditional_phrases(post.body)
    for suffix in LANGUAGES:
        rendered = bodies.render(getattr(post, f"body{suffix}"), post.body_format)
        setattr(post, f"body_html{suffix}", rendered)
    post.link_type, post.link_id = link


def _snapshot(post: Post) -> dict:
    return {name: getattr(post, name) for name in (*TEXT_FIELDS, "unit_id", "link_id")}


def _store_files(post: Post, picture, files, pictures) -> None:
    if picture is not None:
        store_on_commit(post, "cover", picture.content, picture.extension)
        store_on_commit(post, "cover_thumbnail", picture.thumbnail, picture.extension)
        post.save(update_fields=["cover", "cover_thumbnail"])
    for upload, content_type in files:
        attachment = Attachment(
            post=post, name=upload.name[:255], content_type=content_type, size=upload.size
        )
        store_on_commit(attachment, "file", upload, upload.name)
        attachment.save()
    for name, body_picture in pictures:
        row = Picture(post=post, name=body_picture.name_like(name)[:255])
        store_on_commit(row, "image", body_picture.content, body_picture.extension)
        row.save()


def _set_tags(post: Post, names) -> None:
    if names is None:
        return
    tags = [Tag.objects.get_or_create(name=name.strip()[:50])[0] for name in names if name.strip()]
    post.tags.set(tags)


@transaction.atomic
def save_post(*, actor, data: dict, post: Post | None = None) -> Post:
    """Create a draft (post=None) or save an existing post with `data` (a form's cleaned
    data: the fields of Post, `tags` as names, `link_type`/`link_id`, `cover`, new
    `attachments` and `remove_attachments` ids, `note` when correcting a published post, and
    the `version` the edit form was opened with: a stale one is refused, naming the changes)."""
    if post is None:
        if not actor.has_perm("publishing.write_posts"):
            raise PermissionDenied
    else:
        _check_version(post, data.get("version"))
        if not actor.has_perm("publishing.edit_post", post):
            raise PermissionDenied
    link, picture, files, pictures = _check(actor, data, post)
    creating = post is None
    post = post or Post(created_by=actor, state=PostState.DRAFT)
    before = {} if creating else _snapshot(post)
    previous = None if creating else (post.title, post.body_html)
    _apply(post, data, link)
    post.save()
    _set_tags(post, data.get("tags"))
    if data.get("remove_attachments"):
        post.attachments.filter(pk__in=data["remove_attachments"]).delete()
    _store_files(post, picture, files, pictures)
    changes = diff_fields(before, _snapshot(post))
    if creating:
        log_action(actor=actor, action="post.create", obj=post, changes=changes)
    elif post.state == PostState.PUBLISHED:
        Revision.objects.create(
            post=post,
            created_by=actor,
            note=data["note"][:300],
            title=previous[0],
            body_html=previous[1],
            changes=changes,
        )
        log_action(actor=actor, action="post.correct", obj=post, changes=changes)
    else:
        log_action(actor=actor, action="post.edit", obj=post, changes=changes)
    return post
