package io.jcompose.runtime.kernel;

import io.jcompose.runtime.state.ExitRecord;
import io.jcompose.runtime.state.RunningRecord;
import io.jcompose.runtime.state.StateFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Kernel} without processes: a launch writes the shim's running.json into the spec's
 * state dir, a signal that terminates writes exit.json (128 + signal), and tests script the
 * rest ({@link #exit}, {@link #failNextLaunch}, {@link #ignore}). Records everything.
 */
public final class FakeKernel implements Kernel {
    /** A signal the fake delivered. */
    public record Sent(int pid, Signal signal) {}

    private final List<LaunchSpec> launches = new ArrayList<>();
    private final List<Sent> signals = new ArrayList<>();
    private final List<String> mounts = new ArrayList<>();
    private final Map<Integer, Path> stateDirs = new HashMap<>();
    private final Set<Integer> alive = new HashSet<>();
    private final Set<Integer> ignoring = new HashSet<>();
    private Optional<LaunchException> nextFailure = Optional.empty();
    private int nextPid = 1000;

    @Override
    public synchronized Launched launch(LaunchSpec spec) {
        launches.add(spec);
        if (nextFailure.isPresent()) {
            LaunchException e = nextFailure.get();
            nextFailure = Optional.empty();
            throw e;
        }
        int pid = nextPid;
        nextPid += 2;
        Path stateDir = Path.of(spec.first("state_dir"));
        StateFiles.write(stateDir.resolve("running.json"), new RunningRecord(pid, pid - 1, 0, Instant.now().toString()));
        stateDirs.put(pid, stateDir);
        alive.add(pid);
        return new Launched(pid, pid - 1);
    }

    @Override
    public synchronized void signal(int pid, Signal signal) {
        signals.add(new Sent(pid, signal));
        boolean terminates = signal.number() == Signal.KILL.number()
                || (!ignoring.contains(pid) && signal.number() != 17 && signal.number() != 28);
        if (alive.contains(pid) && terminates) {
            finish(pid, 128 + signal.number(), signal.number());
        }
    }

    @Override
    public synchronized boolean isAlive(int pid, long startTicks) {
        return alive.contains(pid);
    }

    @Override
    public synchronized void mountOverlay(List<Path> lowerDirsTopFirst, Path upper, Path work, Path target) {
        mounts.add("mount " + target);
    }

    @Override
    public synchronized void unmount(Path target) {
        mounts.add("unmount " + target);
    }

    /** The process exits by itself with this code. */
    public synchronized void exit(int pid, int code) {
        finish(pid, code, 0);
    }

    /** The process and its shim vanish without an exit record (machine crash). */
    public synchronized void vanish(int pid) {
        alive.remove(pid);
    }

    /** The process ignores every signal but SIGKILL. */
    public synchronized void ignore(int pid) {
        ignoring.add(pid);
    }

    /** The next launch fails with this error record. */
    public synchronized void failNextLaunch(LaunchException e) {
        nextFailure = Optional.of(e);
    }

    public synchronized List<LaunchSpec> launches() {
        return List.copyOf(launches);
    }

    public synchronized List<Sent> signals() {
        return List.copyOf(signals);
    }

    public synchronized List<String> mounts() {
        return List.copyOf(mounts);
    }

    private void finish(int pid, int code, int signal) {
        alive.remove(pid);
        StateFiles.write(stateDirs.get(pid).resolve("exit.json"),
                new ExitRecord(code, signal, false, Instant.now().toString()));
    }
}
