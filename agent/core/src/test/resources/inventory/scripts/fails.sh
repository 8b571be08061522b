#!/bin/sh
echo 'cmdb.example.com: connection refused' >&2
exit 3
