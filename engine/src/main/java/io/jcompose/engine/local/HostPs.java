package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.TopResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker top CONTAINER [ps OPTIONS]} the way Docker answers it: the host's {@code ps} with the given options
 * (default {@code -ef}), its rows narrowed to the container's processes by the PID column.
 */
final class HostPs {
    private HostPs() {}

    static TopResult top(Set<Integer> pids, String psArgs) {
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(Arrays.asList((psArgs.isBlank() ? "-ef" : psArgs.strip()).split("\\s+")));
        String out;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EngineException(500, "ps " + psArgs + " did not finish within 10 s");
            }
            out = new String(read.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new EngineException(500, "Error running ps: exit status " + p.exitValue() + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new EngineException(500, "Error running ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(500, "interrupted while running ps", e);
        }
        return parse(out, pids);
    }

    /** Header fields are the titles; the last column (the command) keeps its spaces. */
    static TopResult parse(String psOutput, Set<Integer> pids) {
        List<String> lines = psOutput.lines().toList();
        if (lines.isEmpty()) {
            throw new EngineException(500, "ps printed nothing");
        }
        List<String> titles = List.of(lines.get(0).strip().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            throw new EngineException(500, "Couldn't find PID field in ps output");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length <= pidColumn) {
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(f[pidColumn]);
            } catch (NumberFormatException e) {
                throw new EngineException(500, "Unexpected pid '" + f[pidColumn] + "' in ps output");
            }
            if (!pids.contains(pid)) {
                continue;
            }
            List<String> row = new ArrayList<>(Arrays.asList(f).subList(0, Math.min(f.length, titles.size() - 1)));
            if (f.length >= titles.size()) {
                row.add(String.join(" ", Arrays.asList(f).subList(titles.size() - 1, f.length)));
            }
            rows.add(row);
        }
        return new TopResult(titles, rows);
    }
}
