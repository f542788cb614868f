"""Open311 GeoReport v2 over citizens' cases, at ``/open311/v2/``.

Endpoints (each in ``.xml`` and ``.json``; any other suffix or path answers 404):

- ``GET discovery``: the endpoint, its formats and where to get a key.
- ``GET services``: the active categories (``service_code`` is ``Category.code``), type
  ``realtime``. ``metadata`` is true when the service definition lists attributes.
- ``GET services/<code>``: the definition. The category's own attributes
  (``Category.attributes``) come with the platform's: ``track`` when the category takes more
  than one of consultation, complaint and report (which track the request is filed on; when
  left out, the category's first), ``district`` (it routes the case), the business and the
  request (required for a complaint, as the rules require), the citizen's postal address, and
  consent to publish and to entrusted mediation. The category's attributes may not reuse
  these codes; a clashing one is left out.
- ``POST requests``: files one case on one track through ``services.intake``, routed by the
  routing table, and answers at once with its tracking number as ``service_request_id``.
  A submission holding both a complaint and a report is two POSTs. Location is lat+long,
  address_string or address_id; no address is geocoded. ``media_url`` is kept as text in the
  case's history and never fetched: the platform runs on intranets and must not reach out.
- ``GET requests`` (filters ``service_request_id``, ``service_code``, ``start_date``,
  ``end_date``, ``status``; the last 90 days and 1000 requests by default) and
  ``GET requests/<number>`` (a list of one).
- ``GET tokens/<token>``: always 404. Every service is realtime: the number is returned by
  the POST itself, so no token is ever issued and none can be looked up.

Authentication: ``api_key`` is a personal API token (profile page, ``core.ApiToken``); a
missing, unknown or revoked key is 403. Reading needs no key. Each key has a budget of POSTs
per client address (``OPEN311_RATE``, default 60 an hour); over it the answer is 400, because
the specification knows only 400, 403 and 404.

What is published: only cases whose submitter agreed (``Submission.consents_to_publish``),
until their personal data is erased; any other number is 404, as if it did not exist. Never
published: the citizen's name, phone, e-mail, ID, postal address, the business's address,
the photos' addresses. The description is the citizen's account with their own name and
contact details (and anything that looks like a mobile number, e-mail or ID number) masked;
``address`` is the district's name, and lat/long, when given, are rounded to 3 decimals
(about 100 m).

``jurisdiction_id`` is optional (one jurisdiction: the host of ``SITE_URL``); another value is
404. Dates are W3C (ISO 8601 with a timezone); output is in Asia/Shanghai time (+08:00).
Descriptions follow ``Accept-Language`` like the JSON API.
"""
