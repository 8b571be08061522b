package dev.mailharden.core.playbook;

/**
 * What one kind of mail port must serve: TLS opportunistic or mandatory, the lowest protocol
 * allowed, and an OpenSSL cipher string (empty: the product's default, all ciphers).
 */
public record ServicePolicy(boolean tlsMandatory, TlsProtocol minProtocol, String ciphers) {}
