package dev.bmo.bot.history;

/** What one host ended with in one deploy. */
public record HostResult(String host, String result, String version) {
}
