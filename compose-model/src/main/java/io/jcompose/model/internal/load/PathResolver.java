package io.jcompose.model.internal.load;

import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the relative paths of a compose tree absolute against a base directory: build contexts,
 * bind sources, env_file and label_file paths, extends files, watch paths, secret and config files,
 * and {@code ~} for the user's home. Remote build contexts (URLs, git) are left alone.
 */
public final class PathResolver {
    private final Path base;
    private final String home;

    public PathResolver(Path base, String home) {
        this.base = base;
        this.home = home;
    }

    /** Resolves in place. */
    public void apply(MapNode root) {
        if (root.get("services") instanceof MapNode services) {
            for (Node n : services.entries().values()) {
                if (n instanceof MapNode s) {
                    service(s);
                }
            }
        }
        for (String kind : new String[] {"secrets", "configs"}) {
            if (root.get(kind) instanceof MapNode objs) {
                for (Node n : objs.entries().values()) {
                    if (n instanceof MapNode o) {
                        resolve(o, "file");
                    }
                }
            }
        }
    }

    private void service(MapNode s) {
        if (s.get("build") instanceof MapNode build) {
            if (!build.has("context")) {
                // Compose sets the default context before it resolves paths, so it prints absolute
                build.put("context", ScalarNode.string(build.location(), "."));
            }
            if (build.text("context") != null && !remote(build.text("context"))) {
                resolve(build, "context");
            }
            if (build.get("additional_contexts") instanceof MapNode ctx) {
                for (Map.Entry<String, Node> e : ctx.entries().entrySet()) {
                    if (e.getValue() instanceof ScalarNode sc && !remote(sc.value()) && !sc.value().contains(":")) {
                        e.setValue(sc.with(abs(sc.value()), ScalarNode.Kind.STRING));
                    }
                }
            }
        }
        if (s.get("env_file") instanceof SeqNode files) {
            for (Node f : files.items()) {
                if (f instanceof MapNode m) {
                    resolve(m, "path");
                }
            }
        }
        if (s.get("label_file") instanceof SeqNode files) {
            files.items().replaceAll(f -> f instanceof ScalarNode sc ? sc.with(abs(sc.value()), ScalarNode.Kind.STRING) : f);
        }
        if (s.get("extends") instanceof MapNode ext) {
            resolve(ext, "file");
        }
        if (s.get("develop") instanceof MapNode dev && dev.get("watch") instanceof SeqNode watch) {
            for (Node w : watch.items()) {
                if (w instanceof MapNode m) {
                    resolve(m, "path");
                }
            }
        }
        if (s.get("volumes") instanceof SeqNode vols) {
            for (Node v : vols.items()) {
                if (v instanceof MapNode m && "bind".equals(m.text("type"))) {
                    resolve(m, "source");
                }
            }
        }
    }

    private void resolve(MapNode m, String key) {
        if (m.get(key) instanceof ScalarNode sc && sc.kind() == ScalarNode.Kind.STRING && !sc.value().isEmpty()) {
            m.entries().put(key, sc.with(abs(sc.value()), ScalarNode.Kind.STRING));
        }
    }

    /** {@code path} made absolute against the base, with {@code ~} expanded. */
    public String abs(String path) {
        String p = path;
        if (p.equals("~")) {
            p = home;
        } else if (p.startsWith("~/")) {
            p = home + p.substring(1);
        }
        Path resolved = base.resolve(p).normalize();
        return resolved.toString();
    }

    private static boolean remote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }
}
