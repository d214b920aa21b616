package io.jcompose.runtime.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads one process's row for top from /proc/&lt;pid&gt;/{stat,status,cmdline}. */
final class ProcInfo {
    private ProcInfo() {}

    static Optional<ProcessRow> read(int pid) {
        Path proc = Path.of("/proc", Integer.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            int uid = 0;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[1]);
                }
            }
            byte[] cmd = Files.readAllBytes(proc.resolve("cmdline"));
            String command = new String(cmd, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return Optional.of(new ProcessRow(uid, pid, Integer.parseInt(f[1]), f[0],
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), command.isEmpty() ? "[" + comm + "]" : command));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile
        }
    }
}
