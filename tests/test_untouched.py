"""Which requests leave a clone as it was made: only those the server's router refused."""

import pytest

from docextract.runner.transport import Reply, TransportError
from docextract.runner.untouched import Watched, refused


def _reply(status: int, text: str) -> Reply:
    return Reply(status, {"content-type": "application/json"}, text, ())


@pytest.mark.parametrize(
    "status,text",
    [
        (400, '{"error":"no handler found for uri [/_connector/c] and method [PUT]"}'),
        (405, '{"error":"Incorrect HTTP method for uri [/_nodes/reload_secure_settings] and method [POST]"}'),
        (400, '{ "error" : "no handler found for uri [/_x] and method [GET]", "status" : 400 }'),
    ],
)
def test_the_routers_refusal_is_refused(status, text):
    assert refused(_reply(status, text))


@pytest.mark.parametrize(
    "status,text",
    [
        (200, '{"error":"no handler found for uri [/x] and method [PUT]"}'),  # a document that says so
        (400, '{"error":{"type":"mapper_parsing_exception","reason":"no handler found for uri ["}}'),
        (400, '{"error":"index [x] already exists"}'),
        (404, '{"error":"no handler found for uri [/x] and method [PUT]"}'),
        (400, "no handler found for uri [/x] and method [PUT]"),  # not the router's JSON
        (400, '["no handler found for uri [/x]"]'),
    ],
)
def test_anything_else_is_not(status, text):
    assert not refused(_reply(status, text))


class _Http:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.closed = False

    def request(self, method, url, data, headers):
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def close(self):
        self.closed = True


REFUSED = _reply(400, '{"error":"no handler found for uri [/_connector/c] and method [PUT]"}')


def test_a_clone_stays_untouched_while_every_request_is_refused_and_not_after():
    http = Watched(_Http(REFUSED, REFUSED, _reply(200, "{}"), REFUSED))
    http.request("PUT", "http://h/_connector/c", b"{}", {})
    http.request("DELETE", "http://h/_connector/c", None, {})
    assert not http.touched
    http.request("GET", "http://h/", None, {})  # a read counts: a search moves the statistics
    assert http.touched
    http.request("PUT", "http://h/_connector/c", b"{}", {})
    assert http.touched  # once touched, touched


def test_a_request_that_fails_on_the_way_may_have_reached_a_handler():
    http = Watched(_Http(TransportError("timeout", "no answer")))
    with pytest.raises(TransportError):
        http.request("PUT", "http://h/index", b"{}", {})
    assert http.touched


def test_closing_closes_the_connection():
    inner = _Http()
    Watched(inner).close()
    assert inner.closed


def test_a_kept_clone_is_its_threads_and_its_processes_and_taken_once():
    import os
    import threading

    from docextract.runner.untouched import Kept

    kept = Kept()
    assert kept.take() is None
    transport = object()
    kept.keep("c1", transport)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(kept.take()))
    thread.start()
    thread.join()
    assert seen == [None]  # another thread's tests make their own
    pid = os.fork()
    if pid == 0:  # a forked worker: the parent's connection is not its to use
        os._exit(0 if kept.take() is None else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert kept.take() == ("c1", transport)
    assert kept.take() is None
