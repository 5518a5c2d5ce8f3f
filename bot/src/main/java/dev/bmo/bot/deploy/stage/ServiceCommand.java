package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one of the catalog's commands for a service (its build or its package command) in the
 * deploy's checkout: an argument list whose placeholders are filled in as whole words, never a
 * shell string. Every line goes to the deploy's log; {@code key=value} lines are kept in
 * {@link DeployContext#reported()}.
 */
final class ServiceCommand {

    private ServiceCommand() {
    }

    static void run(DeployContext ctx, String what, List<String> template, Path out, Map<String, String> env,
            Duration timeout) throws Exception {
        List<String> expanded = expand(template, ctx, out);
        ctx.log(what + ": " + String.join(" ", expanded));
        List<String> command = new ArrayList<>(expanded);
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            // a program of the checkout itself (packaging/build-artifacts, ./build.sh): it must be there
            Path inCheckout = ctx.sourceDir().resolve(program);
            if (!Files.isExecutable(inCheckout)) {
                throw new StageFailure("commit " + ctx.commit().substring(0, 12) + " has no executable " + program
                        + ", the " + what + " command of " + ctx.service().name());
            }
            command.set(0, inCheckout.toString());
        }
        long t0 = System.nanoTime();
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(command, ctx.sourceDir(), env, timeout, line -> {
            KeyValues.read(line, ctx.reported());
            ctx.log(what + ": " + line);
        }, line -> ctx.log(what + ": " + line), ctx.cancellation()));
        ctx.external(Duration.ofNanos(System.nanoTime() - t0));
        ctx.checkCancelled();
        if (r.timedOut()) {
            throw new StageFailure("the " + what + " ran longer than " + timeout + " and was stopped");
        }
        if (!r.ok()) {
            throw new StageFailure("the " + what + " failed (exit " + r.exitCode() + "): " + last(r.tailText()));
        }
    }

    static List<String> expand(List<String> template, DeployContext ctx, Path out) {
        return template.stream().map(arg -> arg
                .replace("{service}", ctx.service().name())
                .replace("{module}", ctx.service().module())
                .replace("{package}", ctx.service().packageName())
                .replace("{commit}", ctx.commit())
                .replace("{out}", out.toString())).toList();
    }

    static String last(String text) {
        return text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text;
    }
}
