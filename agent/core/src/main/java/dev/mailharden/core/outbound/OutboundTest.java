package dev.mailharden.core.outbound;

/**
 * How one MTA is made to send the outbound check's message: {@code send} hands one message
 * with a null sender to the MTA for delivery now; {@code purge} then deletes whatever of it is
 * still queued (and prints what it deleted), so the host's queue keeps nothing of it.
 */
public record OutboundTest(String product, String send, String purge) {}
