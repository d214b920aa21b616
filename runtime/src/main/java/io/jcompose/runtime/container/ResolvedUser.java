package io.jcompose.runtime.container;

import java.util.List;

/**
 * A user spec (Config.User) resolved against the image's /etc/passwd and /etc/group.
 *
 * @param uid    user id
 * @param gid    primary group id
 * @param groups supplementary group ids (from /etc/group membership and GroupAdd), sorted
 * @param home   the home directory from /etc/passwd, "/" when unknown (Docker's HOME default)
 */
public record ResolvedUser(int uid, int gid, List<Integer> groups, String home) {
    public ResolvedUser {
        groups = List.copyOf(groups);
    }
}
