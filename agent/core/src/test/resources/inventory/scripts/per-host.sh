#!/bin/sh
# Fixture: an old-style inventory script without _meta: Ansible asks --host per host.
case "$1" in
  --list) echo '{"mta": {"hosts": ["mx1.example.com", "mx2.example.com"]}}' ;;
  --host)
    if [ "$2" = mx1.example.com ]; then
      echo '{"ansible_host": "127.0.0.1", "asked": "'"$2"'"}'
    else
      echo '{}'
    fi ;;
esac
