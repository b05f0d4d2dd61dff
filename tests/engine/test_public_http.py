"""Which addresses are public: the check behind every URL a user gives us (`audio_url`,
webhook endpoints). The fetch and the webhook tests check that it is applied on the wire."""

from __future__ import annotations

import ipaddress

import pytest

from engine.public_http import embedded_ipv4, is_public_address


def test_public_addresses_are_public():
    assert is_public_address("93.184.215.14")
    assert is_public_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    assert is_public_address("::ffff:93.184.215.14")


# IPv6 forms that carry an IPv4 address inside, and the IPv4 addresses they carry.
EMBEDDED = {
    "::ffff:127.0.0.1": ["127.0.0.1"],  # IPv4-mapped
    "::127.0.0.1": ["127.0.0.1"],  # IPv4-compatible
    "2002:7f00:1::": ["127.0.0.1"],  # 6to4
    "2002:a9fe:a9fe::1": ["169.254.169.254"],
    # Teredo: server 65.54.227.120, client 10.0.0.1 stored inverted (f5ff:fffe).
    "2001:0:4136:e378:8000:63bf:f5ff:fffe": ["65.54.227.120", "10.0.0.1"],
    "2001:0:7f00:1:8000:63bf:a247:28f1": ["127.0.0.1", "93.184.215.14"],
    "64:ff9b::7f00:1": ["127.0.0.1"],  # NAT64, well-known prefix
    "64:ff9b::10.0.0.1": ["10.0.0.1"],
    # NAT64 local use: 127.0.0.1 after a /48 prefix (around the u octet), then what a /56, /64
    # or /96 prefix would read there.
    "64:ff9b:1:7f00:0:100::": ["127.0.0.1", "0.0.1.0", "0.1.0.0", "0.0.0.0"],
    "64:ff9b:1::7f00:1": ["0.0.0.0", "0.0.0.0", "0.0.0.127", "127.0.0.1"],
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c": [],
}


@pytest.mark.parametrize(("address", "inside"), EMBEDDED.items())
def test_it_finds_every_ipv4_address_an_ipv6_address_carries(address, inside):
    assert [str(ip) for ip in embedded_ipv4(ipaddress.IPv6Address(address))] == inside


@pytest.mark.parametrize("address", [address for address, inside in EMBEDDED.items() if inside])
def test_an_ipv6_address_carrying_a_private_ipv4_is_not_public(address):
    assert not is_public_address(address)
