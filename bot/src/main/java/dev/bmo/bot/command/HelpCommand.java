package dev.bmo.bot.command;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.permission.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** help and help &lt;command&gt;: the forms from {@link Grammar}, and where this caller may deploy. */
public class HelpCommand {

    /** The words that may come before an environment, said once (the usage lines show one of them). */
    private static final String ENV_WORDS = Syntax.ENV_WORDS.stream().map(w -> "'" + w + "'")
            .collect(Syntax.and()) + " before <env> mean the same.";

    private final Catalog catalog;
    private final Permissions permissions;

    public HelpCommand(Catalog catalog) {
        this.catalog = catalog;
        this.permissions = new Permissions(catalog);
    }

    Reply help(Caller caller, String topic) {
        if (topic != null) {
            Grammar.Form f = Grammar.form(topic).orElseThrow();
            return Reply.ok(f.usage() + "\n  " + f.summary() + "\n  for example: " + f.example()
                    + (f.takesEnvironment() ? "\n  " + ENV_WORDS : ""));
        }
        StringBuilder s = new StringBuilder("BMO commands:\n");
        int width = Grammar.FORMS.stream().mapToInt(f -> f.usage().length()).max().orElse(20);
        for (Grammar.Form f : Grammar.FORMS) {
            s.append(String.format("  %-" + width + "s%n", f.usage()));
        }
        List<String> may = new ArrayList<>();
        List<String> mayNot = new ArrayList<>();
        for (String name : new TreeSet<>(catalog.environmentNames())) {
            EnvironmentSpec env = catalog.environment(name).orElseThrow();
            if (permissions.mayDeploy(caller, env).allowed()) {
                may.add(name + (env.approval() ? " (with a second person's approval)" : ""));
            } else {
                mayNot.add(name);
            }
        }
        s.append("Services: ").append(String.join(", ", new TreeSet<>(catalog.serviceNames()))).append('\n');
        s.append(caller.user()).append(" may deploy, lock and roll back in: ")
                .append(may.isEmpty() ? "no environment" : String.join(", ", may));
        if (!mayNot.isEmpty()) {
            s.append("; not in: ").append(String.join(", ", mayNot));
        }
        s.append('\n').append(ENV_WORDS);
        s.append("\n'help <command>' explains one command.");
        return Reply.ok(s.toString());
    }
}
