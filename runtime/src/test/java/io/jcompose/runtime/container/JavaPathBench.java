package io.jcompose.runtime.container;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.kernel.LinuxKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bench/runtime/run.sh's Java figure: create + start + awaitExit + remove of {@code true} through
 * {@link ContainerRuntime} on a warm JVM, the path the engine takes. Not a test (no timing is
 * asserted anywhere); run with {@code java -cp ... JavaPathBench RUNS}.
 */
public final class JavaPathBench {
    /** Rounds not counted: until the JIT has compiled the path, it competes for the 2 cores. */
    private static final int WARM_UP = 50;

    private JavaPathBench() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path tmp = Files.createTempDirectory("jcompose-jbench-");
        try {
            Path layer = BusyboxRootfs.create(tmp.resolve("layer"));
            ContainerRuntime rt = ContainerRuntime.open(tmp.resolve("state"), tmp.resolve("s"), LinuxKernel.configured(),
                    CgroupDriver.detect(), Optional.empty());
            Map<String, List<Double>> phases = new LinkedHashMap<>();
            for (String p : List.of("total", "create", "start", "awaitExit", "remove")) {
                phases.put(p, new ArrayList<>());
            }
            for (int i = 0; i < runs + WARM_UP; i++) {
                String id = Ids.random();
                ContainerSpec spec = ContainerSpec.of(id, "bench-" + id.substring(0, 6), List.of(layer),
                        ProcessSpec.of(List.of("true")));
                long t0 = System.nanoTime();
                rt.create(spec);
                long t1 = System.nanoTime();
                rt.start(id);
                long t2 = System.nanoTime();
                if (rt.awaitExit(id, Duration.ofSeconds(10)).isEmpty()) {
                    throw new IllegalStateException("container " + id + " did not exit");
                }
                long t3 = System.nanoTime();
                rt.remove(id, true);
                long t4 = System.nanoTime();
                if (i < WARM_UP) {
                    continue; // warm-up: JIT and class loading
                }
                long[] marks = {t0, t1, t2, t3, t4};
                phases.get("total").add((t4 - t0) / 1e6);
                List<String> names = List.of("create", "start", "awaitExit", "remove");
                for (int k = 0; k < names.size(); k++) {
                    phases.get(names.get(k)).add((marks[k + 1] - marks[k]) / 1e6);
                }
            }
            phases.forEach((name, times) -> System.out.printf("jcompose Java %-10s median %7.2f ms   (n=%d)%n",
                    name, median(times), times.size()));
        } finally {
            Trees.deleteRecursively(tmp);
        }
    }

    private static double median(List<Double> times) {
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }
}
