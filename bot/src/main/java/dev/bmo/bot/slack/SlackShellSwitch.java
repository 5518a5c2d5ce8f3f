package dev.bmo.bot.slack;

import dev.bmo.bot.serve.ServeRunner;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In Slack mode BMO is a server, not a prompt: this turns the local shell off
 * ({@code bmo.shell.enabled=false}) and its management server (Actuator on BMO_MANAGEMENT_PORT) on
 * before the beans are made, unless the command line asks for
 * one command ({@code -c "<command>"}), which still runs in the shell. {@code bmo serve} does the
 * same without Slack. Otherwise the shell stays the default. Registered in {@code META-INF/spring.factories}, because it needs the
 * command line before the application context exists.
 */
public class SlackShellSwitch implements SpringApplicationRunListener {

    private final String[] args;

    public SlackShellSwitch(SpringApplication application, String[] args) {
        this.args = args == null ? new String[0] : args;
    }

    @Override
    public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
            ConfigurableEnvironment environment) {
        SlackMode mode = SlackMode.parse(environment.getProperty("bmo.slack.mode"));
        // bmo serve is a server too (the queue's worker, without a chat adapter)
        if ((mode != SlackMode.OFF && !oneCommand(args)) || ServeRunner.serving(args)) {
            environment.getPropertySources().addFirst(new MapPropertySource("bmo-slack-mode",
                    Map.of("bmo.shell.enabled", "false", "spring.main.web-application-type", "servlet")));
        }
    }

    static boolean oneCommand(String[] args) {
        return args.length > 0 && args[0].equals("-c");
    }
}
