package io.jcompose.engine.local;

import io.jcompose.engine.api.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link ContainerMeta} files under {@code <state>/engine/containers/<id>.json}, written atomically. */
final class MetaStore {
    private final Path dir;

    MetaStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    synchronized void save(ContainerMeta meta) {
        Path target = dir.resolve(meta.id() + ".json");
        Path tmp = dir.resolve("." + meta.id() + ".tmp");
        try {
            Files.write(tmp, Json.state().writeValueAsBytes(meta));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    synchronized void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ContainerMeta> loadAll() {
        List<ContainerMeta> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                out.add(Json.state().readValue(p.toFile(), ContainerMeta.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine state in " + dir, e);
        }
        return out;
    }
}
