package io.jcompose.runtime.container;

import java.util.List;

/**
 * The user namespace option of a container: its uid and gid maps. Container root then is an
 * unprivileged host id; the image layers are shown to it through idmapped mounts (see
 * docs/runtime.md), bind mounts are not idmapped.
 */
public record UserNamespace(List<IdMap> uidMap, List<IdMap> gidMap) {
    public UserNamespace {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
        if (uidMap.isEmpty() || gidMap.isEmpty()) {
            throw new IllegalArgumentException("a user namespace needs a uid map and a gid map");
        }
        if (uidMap.stream().noneMatch(m -> m.containerId() == 0) || gidMap.stream().noneMatch(m -> m.containerId() == 0)) {
            throw new IllegalArgumentException("the user namespace maps must map container root (id 0)");
        }
    }

    /** Container ids 0 .. size-1 are host ids hostStart .. for both users and groups ("remap"). */
    public static UserNamespace remap(long hostStart, long size) {
        List<IdMap> map = List.of(new IdMap(0, hostStart, size));
        return new UserNamespace(map, map);
    }
}
