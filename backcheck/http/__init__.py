"""The HTTP edge shared by the JSON API and the web pages.

It holds the dependencies (services, use cases, rate limits, the signed-in editor) and the
table from errors to HTTP statuses.
"""

from backcheck.http.errors import HTTP_CODES, STATUS, headers_for, status_of

__all__ = ["HTTP_CODES", "STATUS", "headers_for", "status_of"]
