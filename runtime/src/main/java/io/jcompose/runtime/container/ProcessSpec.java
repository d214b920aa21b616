package io.jcompose.runtime.container;

import java.util.List;
import java.util.Objects;

/**
 * The process to run: the image config already merged in by the caller (Entrypoint + Cmd,
 * Env, WorkingDir, User resolved to numbers, see {@link ImageUsers}).
 *
 * @param args      argv, args.get(0) looked up in the container's PATH
 * @param env       "KEY=value" entries
 * @param cwd       absolute working directory inside the container
 * @param uid       user id
 * @param gid       primary group id
 * @param groups    additional group ids
 * @param tty       allocate a pseudo-terminal
 * @param openStdin keep stdin open for attach
 * @param stdinOnce close stdin when the first attached client detaches
 * @param consoleRows the TTY's initial height (0: the kernel's default, 0x0)
 * @param consoleCols the TTY's initial width
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, int uid, int gid,
                          List<Integer> groups, boolean tty, boolean openStdin, boolean stdinOnce,
                          int consoleRows, int consoleCols) {
    public ProcessSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        groups = List.copyOf(groups);
        Objects.requireNonNull(cwd, "cwd");
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("the working directory \"" + cwd + "\" is invalid, it needs to be an absolute path");
        }
        // -1 would mean "leave unchanged" to setresuid(2): the process would stay root
        if (uid < 0 || gid < 0 || groups.stream().anyMatch(g -> g < 0)) {
            throw new IllegalArgumentException("user and group ids must be between 0 and " + Integer.MAX_VALUE
                    + ": uid " + uid + ", gid " + gid + ", groups " + groups);
        }
        if (consoleRows < 0 || consoleCols < 0 || consoleRows > 65535 || consoleCols > 65535) {
            throw new IllegalArgumentException("invalid console size " + consoleRows + "x" + consoleCols);
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("invalid environment entry \"" + e + "\": expected KEY=value");
            }
        }
    }

    public ProcessSpec(List<String> args, List<String> env, String cwd, int uid, int gid, List<Integer> groups,
                       boolean tty, boolean openStdin, boolean stdinOnce) {
        this(args, env, cwd, uid, gid, groups, tty, openStdin, stdinOnce, 0, 0);
    }

    /** Root in "/", no TTY, with Docker's default PATH. */
    public static ProcessSpec of(List<String> args) {
        return new ProcessSpec(args, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                "/", 0, 0, List.of(), false, false, false);
    }

    public ProcessSpec withEnv(List<String> newEnv) {
        return new ProcessSpec(args, newEnv, cwd, uid, gid, groups, tty, openStdin, stdinOnce, consoleRows, consoleCols);
    }

    public ProcessSpec withCwd(String newCwd) {
        return new ProcessSpec(args, env, newCwd, uid, gid, groups, tty, openStdin, stdinOnce, consoleRows, consoleCols);
    }

    public ProcessSpec withUser(int newUid, int newGid, List<Integer> newGroups) {
        return new ProcessSpec(args, env, cwd, newUid, newGid, newGroups, tty, openStdin, stdinOnce, consoleRows, consoleCols);
    }

    public ProcessSpec withTty(boolean newTty, boolean newOpenStdin, boolean newStdinOnce) {
        return new ProcessSpec(args, env, cwd, uid, gid, groups, newTty, newOpenStdin, newStdinOnce, consoleRows, consoleCols);
    }

    public ProcessSpec withArgs(List<String> newArgs) {
        return new ProcessSpec(newArgs, env, cwd, uid, gid, groups, tty, openStdin, stdinOnce, consoleRows, consoleCols);
    }

    /** The TTY's size when it is made (Docker's {@code ConsoleSize}), so the first command already sees it. */
    public ProcessSpec withConsoleSize(int rows, int cols) {
        return new ProcessSpec(args, env, cwd, uid, gid, groups, tty, openStdin, stdinOnce, rows, cols);
    }
}
