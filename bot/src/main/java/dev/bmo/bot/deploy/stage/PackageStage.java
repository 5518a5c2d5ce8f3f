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
 * Packages the built commit with the commit's own {@code packaging/build-artifacts <service> --out DIR}
 * (the .deb and the OCI image), which prints {@code deb=}, {@code image=} and {@code version=} lines.
 */
public class PackageStage implements Stage {

    private final Duration timeout;
    private final Map<String, String> env;

    /** @param env extra environment for build-artifacts (BMO_MAVEN_ARGS=-o for offline builds, say) */
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
        if (ReusedArtifacts.apply(ctx)) {
            return StageResult.skipped("reusing " + ctx.deb().getFileName());
        }
        Path tool = ctx.sourceDir().resolve("packaging/build-artifacts");
        if (!Files.isExecutable(tool)) {
            throw new StageFailure("commit " + ctx.commit().substring(0, 12)
                    + " has no packaging/build-artifacts, so it cannot be packaged");
        }
        Path out = Files.createDirectories(ctx.workDir().resolve("artifacts"));
        Map<String, String> found = new HashMap<>();
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(
                List.of(tool.toString(), ctx.service().name(), "--out", out.toString()), ctx.sourceDir(), env,
                timeout, line -> {
                    KeyValues.read(line, found);
                    ctx.log("package: " + line);
                }, line -> ctx.log("package: " + line), ctx.cancellation()));
        ctx.checkCancelled();
        if (!r.ok()) {
            throw new StageFailure("packaging failed (exit " + r.exitCode() + (r.timedOut() ? ", timed out" : "")
                    + "): " + BuildStage.last(r.tailText()));
        }
        String deb = found.get("deb");
        String version = found.get("version");
        if (deb == null || version == null || !Files.isRegularFile(Path.of(deb))) {
            throw new StageFailure("packaging/build-artifacts did not report a deb= file and a version= (got "
                    + found + ")");
        }
        ctx.deb(Path.of(deb));
        ctx.version(version);
        if (found.containsKey("image")) {
            ctx.image(Path.of(found.get("image")));
        }
        if (found.containsKey("commit") && !found.get("commit").equals(ctx.commit())) {
            throw new StageFailure("packaging built commit " + found.get("commit") + ", not " + ctx.commit());
        }
        if (found.containsKey("jar")) {
            ctx.appVersion(buildVersion(Path.of(found.get("jar"))));
        }
        return StageResult.passed("version " + version + ": " + Path.of(deb).getFileName()
                + (ctx.image() == null ? "" : ", image " + ctx.image().getFileName()));
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
