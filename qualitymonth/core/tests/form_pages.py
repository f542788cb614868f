"""Read a form off a rendered page as a browser would submit it, so a test can open the same
page twice (two tabs) and post what each tab holds."""

import lxml.html


def form_data(response, testid: str | None = None, *, index: int = 0) -> dict:
    """The named fields of the page's form (the one with data-testid=`testid`, else the
    index-th form with a `version` field): text, hidden, checked boxes, selected options."""
    page = lxml.html.fromstring(response.content.decode())
    if testid:
        forms = page.xpath(f"//form[@data-testid='{testid}']")
    else:
        forms = [form for form in page.xpath("//form") if form.xpath(".//*[@name='version']")]
    form = forms[index]
    data: dict = {}
    for element in form.xpath(".//input|.//textarea|.//select"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        kind = (element.get("type") or "text").lower()
        if element.tag == "select":
            chosen = [
                o.get("value", o.text_content())
                for o in element.xpath(".//option")
                if o.get("selected") is not None
            ]
            if element.get("multiple") is not None:
                data.setdefault(name, []).extend(chosen)
            elif chosen:
                data[name] = chosen[0]
            else:
                options = element.xpath(".//option")
                data[name] = options[0].get("value", "") if options else ""
        elif element.tag == "textarea":
            data[name] = (element.text or "").removeprefix("\n")
        elif kind in {"checkbox", "radio"}:
            if element.get("checked") is not None:
                value = element.get("value", "on")
                if kind == "checkbox" and name in data:
                    existing = data[name]
                    data[name] = (
                        [*existing, value]
                        if isinstance(existing, list)
                        else [
                            existing,
                            value,
                        ]
                    )
                else:
                    data[name] = value
        elif kind in {"submit", "button", "file", "reset", "image"}:
            continue
        else:
            data[name] = element.get("value", "")
    return data
