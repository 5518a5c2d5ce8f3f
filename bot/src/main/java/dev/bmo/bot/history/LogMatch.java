package dev.bmo.bot.history;

import java.util.List;

/** A deploy whose log matched a search, with the lines that matched. */
public record LogMatch(DeployRecord deploy, List<String> lines) {
}
