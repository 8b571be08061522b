#!/bin/sh
# The "ops" vault id's throwaway password, printed as a password script does.
printf 'throwaway-ops\r\n'
