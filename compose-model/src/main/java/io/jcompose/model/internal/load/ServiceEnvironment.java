package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Folds {@code env_file} and {@code label_file} into {@code environment} and {@code labels}, as
 * {@code docker compose config} does: values written in the compose file win over file values; a
 * missing file is an error unless {@code required: false}.
 */
public final class ServiceEnvironment {
    private final Map<String, String> environment;
    private final Function<Path, String> reader;
    private final List<Diagnostic> problems;

    private ServiceEnvironment(Map<String, String> environment, Function<Path, String> reader, List<Diagnostic> problems) {
        this.environment = environment;
        this.reader = reader;
        this.problems = problems;
    }

    /** A stage reading files with {@code reader} and collecting problems into {@code problems}. */
    public static ServiceEnvironment of(Map<String, String> environment, Function<Path, String> reader,
                                        List<Diagnostic> problems) {
        return new ServiceEnvironment(environment, reader, problems);
    }

    /** Folds the files of every service in place. */
    public void apply(MapNode services) {
        services.entries().forEach((name, n) -> {
            if (n instanceof MapNode s) {
                service(s, KeyPath.root().key("services").key(name));
            }
        });
    }

    private void service(MapNode s, KeyPath path) {
        if (s.get("env_file") instanceof SeqNode files) {
            s.remove("env_file");
            MapNode env = s.get("environment") instanceof MapNode m ? m : new MapNode(files.location());
            MapNode merged = new MapNode(env.location(), env.tag());
            for (int i = 0; i < files.items().size(); i++) {
                if (!(files.items().get(i) instanceof MapNode f) || f.text("path") == null) {
                    continue;
                }
                Path file = Path.of(f.text("path"));
                boolean required = !(f.get("required") instanceof ScalarNode r && r.value().equalsIgnoreCase("false"));
                if (!Files.isRegularFile(file)) {
                    if (required) {
                        problems.add(Diagnostic.error(f.location(), path.key("env_file").index(i),
                                "env file " + file + " not found",
                                "create the file or mark it optional with \"required: false\""));
                    }
                    continue;
                }
                try {
                    String format = f.text("format");
                    if (format != null && !format.equals("raw")) {
                        problems.add(Diagnostic.error(f.get("format").location(), path.key("env_file").index(i).key("format"),
                                "unsupported env_file format \"" + format + "\"", "omit it, or use \"raw\""));
                        continue;
                    }
                    Map<String, String> vars = "raw".equals(format) ? EnvFiles.readRaw(file, reader)
                            : EnvFiles.read(file, reader, k -> Optional.ofNullable(environment.get(k))
                            .or(() -> Optional.ofNullable(env.text(k))));
                    vars.forEach((k, v) -> merged.put(k, ScalarNode.string(f.location(), v)));
                } catch (ComposeFileException e) {
                    problems.addAll(e.diagnostics());
                }
            }
            env.entries().forEach((k, v) -> {
                if (!(v instanceof ScalarNode sc && sc.isNull() && merged.has(k))) {
                    merged.put(k, env.keyLocation(k), v);
                }
            });
            s.put("environment", merged);
        }
        if (s.get("label_file") instanceof SeqNode files) {
            s.remove("label_file");
            MapNode labels = s.get("labels") instanceof MapNode m ? m : new MapNode(files.location());
            MapNode merged = new MapNode(labels.location());
            for (Node f : files.items()) {
                Path file = Path.of(((ScalarNode) f).value());
                if (!Files.isRegularFile(file)) {
                    problems.add(Diagnostic.error(f.location(), path.key("label_file"), "label file " + file + " not found"));
                    continue;
                }
                EnvFiles.read(file, reader, k -> Optional.ofNullable(environment.get(k)))
                        .forEach((k, v) -> merged.put(k, ScalarNode.string(f.location(), v)));
            }
            labels.entries().forEach((k, v) -> merged.put(k, labels.keyLocation(k), v));
            s.put("labels", merged);
        }
    }
}
