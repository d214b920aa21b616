package io.jcompose.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Resolves Docker's {@code user} ("name", "uid", "name:group", "uid:gid") and {@code group_add}
 * against the image's /etc/passwd and /etc/group, read from the topmost layer that has them
 * (symlinks resolved inside that layer, never on the host).
 */
public final class ImageUsers {
    private record Passwd(String name, int uid, int gid, String home) {}

    private record Group(String name, int gid, List<String> members) {}

    private final List<Passwd> passwd;
    private final List<Group> groups;

    private ImageUsers(List<Passwd> passwd, List<Group> groups) {
        this.passwd = passwd;
        this.groups = groups;
    }

    /** Reads the user database of a rootfs given as layer directories, lowest first. */
    public static ImageUsers of(List<Path> lowerDirs) {
        List<Passwd> p = new ArrayList<>();
        for (String[] f : read(lowerDirs, "/etc/passwd")) {
            if (f.length >= 4 && isInt(f[2]) && isInt(f[3])) {
                p.add(new Passwd(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f.length > 5 ? f[5] : "/"));
            }
        }
        List<Group> g = new ArrayList<>();
        for (String[] f : read(lowerDirs, "/etc/group")) {
            if (f.length >= 3 && isInt(f[2])) {
                g.add(new Group(f[0], Integer.parseInt(f[2]),
                        f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of()));
            }
        }
        return new ImageUsers(p, g);
    }

    /**
     * Resolves {@code user} (empty = root) plus {@code groupAdd} (names or numbers).
     *
     * @throws IllegalArgumentException with Docker's wording when a name is unknown
     */
    public ResolvedUser resolve(String user, List<String> groupAdd) {
        String u = user.isEmpty() ? "0" : user;
        String userPart = u.contains(":") ? u.substring(0, u.indexOf(':')) : u;
        Optional<String> groupPart = u.contains(":") ? Optional.of(u.substring(u.indexOf(':') + 1)) : Optional.empty();
        Optional<Passwd> entry = isInt(userPart)
                ? passwd.stream().filter(p -> p.uid() == Integer.parseInt(userPart)).findFirst()
                : passwd.stream().filter(p -> p.name().equals(userPart)).findFirst();
        if (entry.isEmpty() && !isInt(userPart)) {
            throw new IllegalArgumentException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        int uid = entry.map(Passwd::uid).orElseGet(() -> Integer.parseInt(userPart));
        int gid = groupPart.map(this::gid).orElseGet(() -> entry.map(Passwd::gid).orElse(0));
        TreeSet<Integer> extra = new TreeSet<>();
        if (groupPart.isEmpty() && entry.isPresent()) {
            String name = entry.get().name();
            groups.stream().filter(g -> g.members().contains(name)).forEach(g -> extra.add(g.gid()));
        }
        groupAdd.forEach(g -> extra.add(gid(g)));
        extra.remove(gid);
        return new ResolvedUser(uid, gid, List.copyOf(extra), entry.map(Passwd::home).orElse("/"));
    }

    private int gid(String group) {
        if (isInt(group)) {
            return Integer.parseInt(group);
        }
        return groups.stream().filter(g -> g.name().equals(group)).findFirst().map(Group::gid).orElseThrow(
                () -> new IllegalArgumentException("unable to find group " + group + ": no matching entries in group file"));
    }

    private static List<String[]> read(List<Path> lowerDirs, String file) {
        for (int i = lowerDirs.size() - 1; i >= 0; i--) {
            try {
                Path p;
                try {
                    p = InRootPath.resolve(lowerDirs.get(i), file, true);
                } catch (IOException loop) {
                    return List.of(); // a symlink loop: no usable file
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    List<String[]> rows = new ArrayList<>();
                    for (String line : Files.readAllLines(p)) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            rows.add(line.split(":", -1));
                        }
                    }
                    return rows;
                }
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    return List.of(); // a whiteout hides the lower layers' file
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " of the image", e);
            }
        }
        return List.of();
    }

    private static boolean isInt(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }
}
