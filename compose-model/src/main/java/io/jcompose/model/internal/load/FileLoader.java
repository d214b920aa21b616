package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.SourceLocation;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import io.jcompose.model.internal.yaml.YamlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a list of compose files into one merged, canonical node tree: each document is parsed,
 * interpolated, canonicalized, has its includes and extends applied, and is merged over the
 * previous ones. Relative paths stay relative to the project directory, except those of included
 * projects and of services extended from other files, which are made absolute here.
 */
public final class FileLoader {
    private final LoadContext ctx;

    public FileLoader(LoadContext ctx) {
        this(ctx, new java.util.HashMap<>());
    }

    /** A loader sharing {@code parsed} (file to parsed documents) with whoever parsed before it. */
    public FileLoader(LoadContext ctx, java.util.Map<Path, List<Node>> parsed) {
        this.ctx = ctx;
        this.parsed = parsed;
    }

    /** Loads and merges {@code files} in order. */
    public MapNode load(List<Path> files) {
        MapNode model = new MapNode(SourceLocation.of(files.get(0)));
        for (Path file : files) {
            for (MapNode doc : documents(file)) {
                include(doc, file);
                new Extends(ctx, this).apply(doc, file);
                OverrideMerger.merge(model, doc, "");
                Unicity.apply(model);
            }
        }
        return model;
    }

    private final java.util.Map<Path, List<Node>> parsed;

    /** The parsed documents of {@code file}, parsed once per load; callers must not mutate them. */
    public List<Node> parse(Path file) {
        return parsed.computeIfAbsent(file, f -> YamlSource.parse(f, ctx.reader().apply(f)));
    }

    /** Parses, interpolates and canonicalizes every document of {@code file}. */
    List<MapNode> documents(Path file) {
        List<MapNode> out = new ArrayList<>();
        for (Node parsed : parse(file)) {
            Node doc = parsed.copy(); // the parse is shared (project name, extends of the same file)
            if (doc instanceof ScalarNode s && s.isNull()) {
                continue;
            }
            if (!(doc instanceof MapNode m)) {
                throw ComposeFileException.of(Diagnostic.error(doc.location(), KeyPath.root(),
                        "top-level object must be a mapping"));
            }
            if (ctx.interpolate()) {
                new Interpolator(ctx.environment(), ctx.unset()).apply(m);
            }
            List<Diagnostic> problems = new ArrayList<>();
            new Canonicalizer(problems).apply(m);
            if (!problems.isEmpty()) {
                throw new ComposeFileException(problems);
            }
            out.add(m);
        }
        return out;
    }

    private void include(MapNode doc, Path file) {
        if (!(doc.get("include") instanceof SeqNode includes)) {
            return;
        }
        int i = 0;
        for (Node item : includes.items()) {
            KeyPath path = KeyPath.root().key("include").index(i++);
            if (!(item instanceof MapNode inc) || !(inc.get("path") instanceof SeqNode paths) || paths.items().isEmpty()) {
                throw ComposeFileException.of(Diagnostic.error(item.location(), path, "include needs a path"));
            }
            List<Path> files = new ArrayList<>();
            for (Node p : paths.items()) {
                files.add(ctx.workingDir().resolve(((ScalarNode) p).value()).normalize());
            }
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw ComposeFileException.of(Diagnostic.error(item.location(), path.key("path"),
                            "included file " + f + " not found"));
                }
            }
            List<Path> chain = new ArrayList<>(ctx.includeChain());
            chain.add(file);
            if (chain.contains(files.get(0))) {
                StringBuilder cycle = new StringBuilder();
                chain.forEach(c -> cycle.append(c).append(" -> "));
                throw ComposeFileException.of(Diagnostic.error(item.location(), path,
                        "include cycle detected: " + cycle + files.get(0), "remove one of the includes"));
            }
            String dirText = inc.text("project_directory");
            Path dir = dirText == null ? files.get(0).getParent() : ctx.workingDir().resolve(dirText).normalize();
            Map<String, String> env = new LinkedHashMap<>(envFiles(inc, dir, path));
            env.putAll(ctx.environment());
            LoadContext sub = ctx.included(env, dir, file);
            MapNode imported = new FileLoader(sub, parsed).load(files);
            new PathResolver(dir, ctx.home()).apply(imported);
            importResources(imported, doc, path);
        }
        doc.remove("include");
    }

    private Map<String, String> envFiles(MapNode inc, Path dir, KeyPath path) {
        List<Path> files = new ArrayList<>();
        if (inc.get("env_file") instanceof SeqNode list) {
            for (Node n : list.items()) {
                Path f = ctx.workingDir().resolve(((ScalarNode) n).value()).normalize();
                if (!Files.isRegularFile(f)) {
                    throw ComposeFileException.of(Diagnostic.error(n.location(), path.key("env_file"),
                            "env file " + f + " not found"));
                }
                files.add(f);
            }
        } else if (Files.isRegularFile(dir.resolve(".env"))) {
            files.add(dir.resolve(".env"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Path f : files) {
            env.putAll(EnvFiles.read(f, ctx.reader(), k -> java.util.Optional.ofNullable(ctx.environment().get(k))));
        }
        return env;
    }

    private static void importResources(MapNode imported, MapNode doc, KeyPath at) {
        for (String kind : List.of("services", "volumes", "networks", "secrets", "configs", "models")) {
            if (!(imported.get(kind) instanceof MapNode from)) {
                continue;
            }
            MapNode to = doc.get(kind) instanceof MapNode m ? m : new MapNode(doc.location());
            if (!doc.has(kind)) {
                doc.put(kind, to);
            }
            for (Map.Entry<String, Node> e : from.entries().entrySet()) {
                if (to.has(e.getKey())) {
                    throw ComposeFileException.of(Diagnostic.error(to.keyLocation(e.getKey()),
                            KeyPath.root().key(kind).key(e.getKey()), "conflicts with imported resource",
                            "rename it, or remove it from the included project"));
                }
                to.put(e.getKey(), from.keyLocation(e.getKey()), e.getValue());
            }
        }
    }
}
