"""Why a request failed, as a short reason code plus a sentence for people."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Reasons that mean "the server was never reached": they make a whole outlet "failed".
CONNECTION_REASONS = frozenset({"dns", "connection_refused", "unreachable", "timeout", "connection_lost"})


def classify_failure(failure: Failure | BaseException) -> tuple[str, str]:
    """(reason, message) for a failed request, e.g. ("dns", "DNS lookup failed").

    Reasons: http_<status>, dns, connection_refused, unreachable, timeout, connection_lost,
    too_large, redirect_loop, robots, ignored, error.
    """
    exc = failure.value if isinstance(failure, Failure) else failure
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if isinstance(exc, CannotResolveHostError | net_error.DNSLookupError):
        return "dns", "DNS lookup failed"
    if isinstance(exc, DownloadConnectionRefusedError | net_error.ConnectionRefusedError):
        return "connection_refused", "connection refused"
    if isinstance(exc, net_error.NoRouteError | net_error.ConnectError) and not isinstance(
        exc, net_error.TCPTimedOutError
    ):
        return "unreachable", f"no route to host ({exc.__class__.__name__})"
    if isinstance(exc, DownloadTimeoutError | net_error.TimeoutError | TimeoutError):
        return "timeout", f"timed out ({exc})" if str(exc) else "timed out"
    if isinstance(exc, DownloadCancelledError):
        if "max size" in str(exc) or "maxsize" in str(exc) or "larger than" in str(exc):
            return "too_large", f"page larger than the download limit ({exc})"
        return "cancelled", str(exc)
    if isinstance(exc, ResponseDataLossError | ResponseFailed | ResponseNeverReceived
                  | net_error.ConnectionLost | net_error.ConnectionDone | DownloadFailedError):
        return "connection_lost", "connection lost before the response was complete"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "redirect" in text:
            return "redirect_loop", "too many redirects (redirect loop)"
        if "robots" in text.lower():
            return "robots", "forbidden by robots.txt"
        return "ignored", text or "request ignored"
    return "error", f"{exc.__class__.__name__}: {exc}"
