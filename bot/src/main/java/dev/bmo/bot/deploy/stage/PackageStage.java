package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Runs the catalog's package command when the service has one, then checks what the build and
 * package commands reported: a {@code deb=} file whose package and version are the ones reported,
 * the commit built (when reported) being the deploy's, and the {@code image=} and {@code jar=} when
 * there are.
 */
public class PackageStage implements Stage {

    private final Duration timeout;
    private final Map<String, String> env;

    /** @param env extra environment for the package command */
    public PackageStage(Duration timeout, Map<String, String> env) {
        this.timeout = timeout;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "package";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        if (ReusedArtifacts.taken(ctx)) {
            return StageResult.skipped("reusing " + ctx.deb().getFileName());
        }
        if (!ctx.service().pack().isEmpty()) {
            Path out = Files.createDirectories(ctx.workDir().resolve("artifacts"));
            ServiceCommand.run(ctx, "package", ctx.service().pack(), out, env, timeout);
        }
        Map<String, String> found = ctx.reported();
        String deb = found.get("deb");
        String version = found.get("version");
        if (deb == null || version == null || !Files.isRegularFile(Path.of(deb))) {
            throw new StageFailure("the build and package commands of " + ctx.service().name()
                    + " did not report a deb= file and a version= (got " + found + ")");
        }
        if (found.containsKey("commit") && !found.get("commit").equals(ctx.commit())) {
            throw new StageFailure("packaging built commit " + found.get("commit") + ", not " + ctx.commit());
        }
        Map<String, String> fields = control(Path.of(deb));
        String control = fields.get("Package") + " " + fields.get("Version");
        if (!control.equals(ctx.service().packageName() + " " + version)) {
            throw new StageFailure(Path.of(deb).getFileName() + " is " + control + ", not "
                    + ctx.service().packageName() + " " + version + " as the catalog and the build say");
        }
        ctx.deb(Path.of(deb));
        ctx.version(version);
        if (found.containsKey("image")) {
            ctx.image(Path.of(found.get("image")));
        }
        if (found.containsKey("jar")) {
            ctx.appVersion(buildVersion(Path.of(found.get("jar"))));
        }
        return StageResult.passed("version " + version + ": " + Path.of(deb).getFileName()
                + (ctx.image() == null ? "" : ", image " + ctx.image().getFileName()));
    }

    /** The package's name and version from its control file (one {@code dpkg-deb --field}). */
    static Map<String, String> control(Path deb) throws IOException, StageFailure {
        Map<String, String> fields = new HashMap<>();
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(
                List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version"), deb.getParent(), Map.of(),
                Duration.ofSeconds(30), line -> {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                    }
                }, line -> { }, null));
        if (!r.ok() || !fields.containsKey("Package") || !fields.containsKey("Version")) {
            throw new StageFailure(deb.getFileName() + " is not a Debian package dpkg-deb can read: " + r.tailText());
        }
        return fields;
    }

    /** What the service will report as build.version: Spring Boot's build-info inside the jar. */
    static String buildVersion(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry("META-INF/build-info.properties");
            if (entry == null) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                p.load(in);
            }
            return p.getProperty("build.version");
        } catch (IOException e) {
            return null;
        }
    }
}
