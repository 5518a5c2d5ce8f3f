package dev.bmo.bot.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A service that lives in a Git repository of its own, served as a bare remote on this machine
 * ({@code <name>.git}), with a developer's clone to push from. Its source is {@link TinyService};
 * {@code build.sh <commit>} compiles it into a jar stamped with the commit, {@code package.sh
 * <package> <out>} wraps the jar in a .deb (a systemd unit running it as its own user, a conffile
 * in /etc/default, maintainer scripts, as the fleet's packages; simulated hosts just unpack it) and
 * reports {@code deb=}, {@code version=} and {@code commit=}.
 */
public final class OwnRepoService {

    public final Path remote;
    public final Path clone;
    public final String packageName;

    private OwnRepoService(Path remote, Path clone, String packageName) {
        this.remote = remote;
        this.clone = clone;
        this.packageName = packageName;
    }

    /** A remote with one commit pushed to main. */
    public static OwnRepoService create(Path work, String name, String packageName) throws Exception {
        Path remote = work.resolve(name + ".git");
        git(work, "init", "-q", "--bare", "-b", "main", remote.toString());
        Path clone = work.resolve(name);
        git(work, "clone", "-q", remote.toString(), clone.toString());
        git(clone, "config", "user.email", "dev@" + name + ".invalid");
        git(clone, "config", "user.name", "Thumbs developer");
        OwnRepoService s = new OwnRepoService(remote, clone, packageName);
        s.writeSources();
        git(clone, "add", "-A");
        git(clone, "commit", "-q", "-m", name + ": first release");
        git(clone, "push", "-q", "origin", "HEAD:main");
        return s;
    }

    /** The catalog's entry for it, {@code repo:} relative to BMO's repository at {@code bmoRepo}. */
    public String catalogEntry(String name, Path bmoRepo, int port, String defaultEnv) {
        return """
                  %s:
                    repo: %s
                    package: %s
                    port: %d
                    port_env: BMO_TINY_PORT
                    jar: opt/%s/%s.jar
                    default_env: %s
                    commands:
                      build: [./build.sh, "{commit}"]
                      package: [./package.sh, "{package}", "{out}"]
                """.formatted(name, bmoRepo.toAbsolutePath().relativize(remote.toAbsolutePath()), packageName, port,
                packageName, packageName, defaultEnv);
    }

    /** Commits a change and pushes it; returns the commit. */
    public String pushChange(String message) throws Exception {
        Files.writeString(clone.resolve("CHANGES"), message + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        git(clone, "add", "CHANGES");
        git(clone, "commit", "-q", "-m", message);
        git(clone, "push", "-q", "origin", "HEAD:main");
        return head();
    }

    public String head() throws Exception {
        return git(clone, "rev-parse", "HEAD").strip();
    }

    /** The version package.sh gives a commit: 1.0+git<count>.<sha7>. */
    public String version() throws Exception {
        return "1.0+git" + git(clone, "rev-list", "--count", "HEAD").strip() + "." + head().substring(0, 7);
    }

    private void writeSources() throws IOException {
        Path src = TestBot.repoRoot().resolve("bot/src/test/java/dev/bmo/bot/support/TinyService.java");
        Files.createDirectories(clone.resolve("src"));
        Files.copy(src, clone.resolve("src/TinyService.java"));
        script(clone.resolve("build.sh"), """
                #!/bin/sh
                # build.sh <commit>: compiles the service into build/service.jar
                set -eu
                commit="$1"
                rm -rf build && mkdir -p build/classes
                javac --release 17 -d build/classes src/TinyService.java
                version="1.0+git$(git rev-list --count HEAD).$(git rev-parse --short=7 HEAD)"
                printf 'version=%s\\ncommit=%s\\nhealth=UP\\nexit=false\\n' "$version" "$commit" \\
                    > build/classes/tiny.properties
                jar --create --file build/service.jar --main-class dev.bmo.bot.support.TinyService \\
                    -C build/classes .
                echo "compiled $version"
                """);
        script(clone.resolve("package.sh"), """
                #!/bin/sh
                # package.sh <package> <out>: the jar as a .deb for systemd hosts; reports deb=, version=, commit=
                set -eu
                pkg="$1" out="$2"
                version="1.0+git$(git rev-list --count HEAD).$(git rev-parse --short=7 HEAD)"
                root="build/deb"
                mkdir -p "$root/opt/$pkg" "$root/DEBIAN" "$root/lib/systemd/system" "$root/etc/default"
                cp build/service.jar "$root/opt/$pkg/$pkg.jar"
                cat > "$root/lib/systemd/system/$pkg.service" <<UNIT
                [Unit]
                Description=$pkg
                After=network-online.target
                [Service]
                Type=exec
                User=$pkg
                Group=$pkg
                EnvironmentFile=/etc/default/$pkg
                ExecStart=/usr/bin/java \\$JAVA_OPTS -jar /opt/$pkg/$pkg.jar
                SuccessExitStatus=143
                Restart=on-failure
                RestartSec=5
                [Install]
                WantedBy=multi-user.target
                UNIT
                printf '# /etc/default/%s (a conffile)\\nJAVA_OPTS="-Xmx32m -XX:+UseSerialGC"\\n' "$pkg" \\
                    > "$root/etc/default/$pkg"
                chmod 600 "$root/etc/default/$pkg"
                echo "/etc/default/$pkg" > "$root/DEBIAN/conffiles"
                cat > "$root/DEBIAN/control" <<CONTROL
                Package: $pkg
                Version: $version
                Architecture: all
                Maintainer: thumbs developers <dev@thumbs.invalid>
                Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser
                Description: thumbnails, from a repository of its own
                CONTROL
                cat > "$root/DEBIAN/postinst" <<POSTINST
                #!/bin/sh
                set -e
                if [ "\\$1" = configure ] && ! getent passwd $pkg >/dev/null; then
                    adduser --system --group --quiet --no-create-home $pkg
                fi
                deb-systemd-helper enable $pkg.service >/dev/null || true
                if [ -d /run/systemd/system ]; then
                    systemctl --system daemon-reload >/dev/null || true
                    if [ -n "\\$2" ]; then action=restart; else action=start; fi
                    deb-systemd-invoke "\\$action" $pkg.service >/dev/null || true
                fi
                exit 0
                POSTINST
                chmod 755 "$root/DEBIAN/postinst"
                dpkg-deb --root-owner-group --build "$root" "$out/${pkg}_${version}_all.deb" >&2
                echo "deb=$out/${pkg}_${version}_all.deb"
                echo "version=$version"
                echo "commit=$(git rev-parse HEAD)"
                """);
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public static String git(Path dir, String... args) throws Exception {
        return TestRepo.git(dir, args);
    }
}
