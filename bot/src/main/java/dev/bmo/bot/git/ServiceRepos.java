package dev.bmo.bot.git;

import dev.bmo.bot.catalog.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each service's code comes from: BMO's own repository, or for a service the catalog gives a
 * {@code repo:}, a bare mirror of that repository kept in BMO's state directory (made on first use,
 * fetched before every deploy like BMO's own clone), from which deploys check out their commit.
 */
public final class ServiceRepos {

    private final GitRepo own;
    private final Path mirrors;
    /** The mirrors this process has set up, with the URL each was checked against. */
    private final Map<String, Mirror> known = new ConcurrentHashMap<>();

    private record Mirror(GitRepo git, String url) {
    }

    /** @param mirrors the directory that holds one {@code <service>.git} mirror per service with a repo */
    public ServiceRepos(GitRepo own, Path mirrors) {
        this.own = own;
        this.mirrors = mirrors;
    }

    /** BMO's own repository: the catalog, inventories, playbooks and the services without a repo of their own. */
    public GitRepo own() {
        return own;
    }

    /** The service's repository; BMO's own for null (a service no longer in the catalog). */
    public GitRepo of(ServiceSpec service) {
        if (service == null || !service.hasOwnRepo()) {
            return own;
        }
        String url = url(service.repo());
        return known.compute(service.name(), (name, before) -> {
            Path dir = mirrors.resolve(name + ".git");
            if (before != null && before.url().equals(url) && Files.isDirectory(dir.resolve("objects"))) {
                return before; // checked in this process already: no git call per request
            }
            GitRepo mirror = new GitRepo(dir);
            try {
                if (!Files.isDirectory(dir.resolve("objects"))) {
                    Files.createDirectories(dir);
                    mirror.initMirror(url);
                } else if (!url.equals(mirror.origin().orElse(""))) {
                    mirror.setOrigin(url); // the catalog moved the service to another repository
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the mirror of " + url + " in " + dir, e);
            }
            return new Mirror(mirror, url);
        }).git();
    }

    /** A URL as it is; a path relative to BMO's repository made absolute (git would read it from the mirror). */
    private String url(String repo) {
        boolean isUrl = repo.contains("://") || repo.matches("[A-Za-z0-9._-]+@[^:/]+:.*");
        return isUrl ? repo : own.dir().resolve(repo).toAbsolutePath().normalize().toString();
    }
}
