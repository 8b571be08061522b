#!/usr/bin/env python3
"""Fixture: an inventory script with _meta.hostvars (Ansible's script contract)."""
import json
import sys

if sys.argv[1:] != ["--list"]:
    sys.exit("only --list: _meta.hostvars holds every host's variables")
json.dump({
    "mta": {"hosts": ["mx1.example.com", "mx2.example.com"], "vars": {"ansible_user": "mta-user"}},
    "mda": ["imap1.example.com"],
    "mail": {"children": ["mta", "mda"]},
    "_meta": {"hostvars": {
        "mx1.example.com": {"ansible_host": "127.0.0.1", "ansible_port": 2201},
        "imap1.example.com": {"ansible_host": "127.0.0.2"},
        "not-in-any-group.example.com": {"ansible_host": "127.0.0.9"},
    }},
}, sys.stdout)
