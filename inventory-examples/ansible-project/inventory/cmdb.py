#!/usr/bin/env python3
"""A dynamic inventory as a CMDB export would give it (Ansible's inventory script contract:
--list prints groups and _meta.hostvars as JSON; --host NAME is then never needed)."""
import json
import sys

INVENTORY = {
    "mta": {"hosts": ["mx3.example.com"]},
    "asyncos": {"hosts": ["esa1.example.com"], "vars": {"mailharden_mail_domains": ["example.com"]}},
    "appliances": {"children": ["asyncos"]},
    "_meta": {
        "hostvars": {
            "mx3.example.com": {"ansible_host": "127.0.9.3", "cmdb_rack": "b2"},
            "esa1.example.com": {"ansible_host": "127.0.9.4"},
        }
    },
}

if len(sys.argv) == 2 and sys.argv[1] == "--list":
    json.dump(INVENTORY, sys.stdout, indent=2)
elif len(sys.argv) == 3 and sys.argv[1] == "--host":
    json.dump(INVENTORY["_meta"]["hostvars"].get(sys.argv[2], {}), sys.stdout)
else:
    sys.exit("usage: cmdb.py --list | --host NAME")
