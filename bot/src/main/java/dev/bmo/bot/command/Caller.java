package dev.bmo.bot.command;

import java.util.Set;

/** Who typed a command, as the chat adapter knows them: a user id and the groups they belong to. */
public record Caller(String user, Set<String> groups) {

    public static Caller local() {
        return new Caller(System.getProperty("user.name", "local"), Set.of());
    }
}
