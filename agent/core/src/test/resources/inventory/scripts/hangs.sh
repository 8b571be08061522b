#!/bin/sh
echo 'waiting for the CMDB...' >&2
exec sleep 60
