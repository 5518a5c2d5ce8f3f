package dev.bmo.bot.fleet;

import java.net.URI;

/** One host of a service, as BMO reaches it over HTTP (the service's port on that host). */
public record ServiceHost(String host, URI baseUri) {
}
