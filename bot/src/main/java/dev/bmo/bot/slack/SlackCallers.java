package dev.bmo.bot.slack;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.model.Usergroup;
import dev.bmo.bot.command.Caller;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Slack user id into the core's {@link Caller}: the user id itself, and the handles of
 * the Slack user groups the user is in (the catalog names them as {@code @handle}). The group list
 * ({@code usergroups.list}, scope {@code usergroups:read}) is read at most once a minute.
 */
public final class SlackCallers {

    private static final Logger log = LoggerFactory.getLogger(SlackCallers.class);

    private final MethodsClient methods;
    private final LoadingCache<String, Map<String, Set<String>>> groups;

    public SlackCallers(MethodsClient methods, Duration refresh) {
        this.methods = methods;
        this.groups = Caffeine.newBuilder().expireAfterWrite(refresh).maximumSize(1).build(k -> load());
    }

    public Caller caller(String userId) {
        Set<String> mine = new LinkedHashSet<>();
        groups.get("all").forEach((handle, members) -> {
            if (members.contains(userId)) {
                mine.add(handle);
            }
        });
        return new Caller(userId, Set.copyOf(mine));
    }

    private Map<String, Set<String>> load() {
        try {
            UsergroupsListResponse r = methods.usergroupsList(b -> b.includeUsers(true));
            if (!r.isOk()) {
                log.warn("Cannot read Slack user groups ({}): permissions use user ids and catalog groups only",
                        r.getError());
                return Map.of();
            }
            List<Usergroup> list = r.getUsergroups() == null ? List.of() : r.getUsergroups();
            return list.stream().filter(g -> g.getHandle() != null).collect(Collectors.toMap(Usergroup::getHandle,
                    g -> g.getUsers() == null ? Set.of() : Set.copyOf(g.getUsers()), (a, b) -> a));
        } catch (Exception e) {
            log.warn("Cannot read Slack user groups ({}): permissions use user ids and catalog groups only",
                    e.getMessage());
            return Map.of();
        }
    }
}
