"""Survey photos, only through this view: the media folder is never served openly, since it
holds private uploads."""

from django.http import FileResponse, Http404

from qualitymonth.surveys import selectors


def photo(request, pk):
    """A response's photo; `?size=thumb` gives its small copy (the photo itself when none)."""
    found = selectors.photo_for(request.user, pk)
    stored = (
        found.thumbnail if request.GET.get("size") == "thumb" and found.thumbnail else found.file
    )
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the row outlived its file (a crash right after the commit)
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
