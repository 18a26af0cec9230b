"""The JSON API (mounted under /api/v1/): other systems list obligations and push reports.

Authentication is a token only (``Authorization: Bearer <token>``, made with
``cchc manage create_api_token USERNAME --name NAME``); the token acts as its user, with
exactly that user's rights. Sessions and cookies are ignored, so the views need no CSRF
token. Every answer is JSON, errors included: ``{"error": {"code", "message"}}`` with
400 (bad input), 401 (no or bad token), 403 (no right), 404 (not found or not visible),
405, 409 (state conflict, stale version), 413 (body too large), 503 (the database busy with
another writer: nothing written, try again; ``Retry-After``), 500 (logged, no details).
docs/api.md documents it for the people who call it.

Modules: ``tokens`` (issue and look up tokens), ``plumbing`` (errors, authentication, the view
decorator, value formats), ``serialise`` (the JSON of obligations, reports, targets), ``reads``
(the GET endpoints), ``writes`` (the POST endpoint). ``api_urls`` routes to the views named here.
"""

from cchc.tracking.api.plumbing import not_found
from cchc.tracking.api.reads import MAX_PAGE, obligation_detail, obligation_list
from cchc.tracking.api.tokens import issue_token, user_for_token
from cchc.tracking.api.writes import report_create

__all__ = [
    "MAX_PAGE",
    "issue_token",
    "not_found",
    "obligation_detail",
    "obligation_list",
    "report_create",
    "user_for_token",
]
