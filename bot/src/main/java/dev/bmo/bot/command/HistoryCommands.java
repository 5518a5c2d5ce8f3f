package dev.bmo.bot.command;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.LogMatch;
import java.util.List;

/** deploys, logs, logs search: read from the stored history. */
public class HistoryCommands {

    private final DeployHistory history;
    private final Catalog catalog;

    public HistoryCommands(DeployHistory history, Catalog catalog) {
        this.history = history;
        this.catalog = catalog;
    }

    Reply deploys(Command.Deploys d) {
        if (catalog.service(d.service()).isEmpty()) {
            return Reply.error("There is no service '" + d.service() + "' in the catalog.");
        }
        if (d.env() != null && catalog.environment(d.env()).isEmpty()) {
            return Reply.error("There is no environment '" + d.env() + "' in the catalog.");
        }
        List<DeployRecord> list = history.list(d.service(), d.env(), 20);
        if (list.isEmpty()) {
            return Reply.ok("No deploys of " + d.service() + (d.env() == null ? "" : " in " + d.env()) + " yet.");
        }
        List<List<String>> rows = list.stream().map(r -> List.of("#" + r.id(), Texts.time(r.requestedAt()),
                r.requestedBy(), r.kind() + " " + r.ref() + " (" + Texts.shortCommit(r.commit()) + ")",
                r.env() + (r.hostsLimit() == null || r.hostsLimit().isEmpty() ? "" : "/" + r.hostsLimit()),
                r.version() == null ? "-" : r.version(), r.status().word(),
                DeployEventText.human(r.duration()))).toList();
        return Reply.ok("Deploys of " + d.service() + (d.env() == null ? "" : " in " + d.env()) + " (newest first):\n"
                + Texts.table(List.of("id", "when", "who", "what", "where", "version", "result", "took"), rows));
    }

    Reply logs(Command.Logs l) {
        return history.find(l.deployId()).map(d -> {
            List<String> lines = history.log(d.id());
            return Reply.ok("Log of #" + d.id() + " (" + d.kind() + " of " + d.target() + ", " + d.status().word()
                    + "), " + lines.size() + " lines:\n" + String.join("\n", lines));
        }).orElseGet(() -> Reply.error("There is no deploy #" + l.deployId() + "."));
    }

    Reply search(Command.LogSearch s) {
        if (s.service() != null && catalog.service(s.service()).isEmpty()) {
            return Reply.error("There is no service '" + s.service() + "' in the catalog.");
        }
        List<LogMatch> matches = history.search(s.words(), s.service(), s.since(), 20, 3);
        String what = "'" + String.join(" ", s.words()) + "'" + (s.service() == null ? "" : " in " + s.service())
                + (s.since() == null ? "" : " since " + Texts.time(s.since()));
        if (matches.isEmpty()) {
            return Reply.ok("No deploy log holds " + what + ".");
        }
        StringBuilder b = new StringBuilder(matches.size() + " deploy log(s) hold " + what + " (newest first):");
        for (LogMatch m : matches) {
            DeployRecord d = m.deploy();
            b.append("\n#").append(d.id()).append(" ").append(d.kind()).append(" of ").append(d.target()).append(", ")
                    .append(Texts.time(d.requestedAt())).append(", ").append(d.status().word());
            m.lines().forEach(line -> b.append("\n    ").append(line.strip()));
        }
        b.append("\n(full log: logs <id>)");
        return Reply.ok(b.toString());
    }
}
