#!/bin/sh
# Vault password script for the "appliances" vault id: ansible-vault and mailharden run it
# and read the password from its stdout. A real one would ask a password manager.
echo 'throwaway-appliances-password'
