from django.test import RequestFactory

from core.net import client_ip

rf = RequestFactory()


def test_it_ignores_forwarded_header_from_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.9"


def test_it_reads_the_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "198.51.100.1"


def test_it_does_not_let_a_client_forge_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # The client sent "10.0.0.1" itself; nginx appended the real peer address.
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
