package dev.mailharden.core.names;

import java.util.Optional;

/**
 * How an MTA presents itself when it sends mail, as its configuration says.
 *
 * @param heloName the EHLO/HELO name it sends
 * @param heloSource the setting it comes from, for reasons (e.g. "smtp_helo_name")
 * @param clientCert the certificate file it offers to servers that ask, if any
 */
public record SenderIdentity(String heloName, String heloSource, Optional<String> clientCert) {}
