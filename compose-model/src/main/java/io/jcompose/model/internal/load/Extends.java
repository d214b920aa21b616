package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code extends}: a service starts from a copy of its base (in the same file or in
 * {@code file:}), recursively, and its own attributes are merged over it with the override rules.
 * Cycles are rejected with the chain that forms them.
 */
final class Extends {
    private final LoadContext ctx;
    private final FileLoader loader;

    Extends(LoadContext ctx, FileLoader loader) {
        this.ctx = ctx;
        this.loader = loader;
    }

    /** Resolves every service of {@code doc} (read from {@code file}) in place. */
    void apply(MapNode doc, Path file) {
        if (!(doc.get("services") instanceof MapNode services)) {
            return;
        }
        for (String name : new ArrayList<>(services.entries().keySet())) {
            Node resolved = resolve(services, name, file, new ArrayList<>());
            services.entries().put(name, resolved);
        }
    }

    private Node resolve(MapNode services, String name, Path file, List<String> chain) {
        Node node = services.get(name);
        if (!(node instanceof MapNode service) || !(service.get("extends") instanceof MapNode ext)) {
            return node;
        }
        KeyPath path = KeyPath.root().key("services").key(name).key("extends");
        String link = file + ":" + name;
        if (chain.contains(link)) {
            List<String> names = new ArrayList<>();
            chain.subList(chain.indexOf(link), chain.size()).forEach(c -> names.add(c.substring(c.lastIndexOf(':') + 1)));
            names.add(name);
            throw ComposeFileException.of(Diagnostic.error(ext.location(), path,
                    "circular reference with extends: " + String.join(" -> ", names)));
        }
        chain.add(link);
        String ref = ext.text("service");
        if (ref == null) {
            throw ComposeFileException.of(Diagnostic.error(ext.location(), path, "\"service\" is required"));
        }
        MapNode baseServices = services;
        Path baseFile = file;
        String other = ext.text("file");
        if (other != null) {
            baseFile = (file.getParent() == null ? ctx.workingDir() : file.getParent()).resolve(other).normalize();
            if (!Files.isRegularFile(baseFile)) {
                throw ComposeFileException.of(Diagnostic.error(ext.get("file").location(), path.key("file"),
                        "file " + baseFile + " not found"));
            }
            baseServices = servicesOf(baseFile);
        }
        if (!(baseServices.get(ref) instanceof MapNode)) {
            throw ComposeFileException.of(Diagnostic.error(ext.location(), path.key("service"),
                    "cannot extend service \"" + name + "\": service \"" + ref + "\" not found"
                            + (other == null ? "" : " in " + baseFile)));
        }
        MapNode base = ((MapNode) resolve(baseServices, ref, baseFile, chain)).copy();
        base.remove("extends");
        MapNode own = service.copy();
        own.remove("extends");
        OverrideMerger.merge(base, own, "services." + name.replace('.', '_'));
        Unicity.apply(wrap(name, base));
        services.entries().put(name, base);
        chain.remove(chain.size() - 1);
        return base;
    }

    private MapNode servicesOf(Path file) {
        MapNode merged = new MapNode(io.jcompose.model.SourceLocation.of(file));
        for (MapNode doc : loader.documents(file)) {
            OverrideMerger.merge(merged, doc, "");
        }
        new PathResolver(file.getParent(), ctx.home()).apply(merged);
        return merged.get("services") instanceof MapNode s ? s : new MapNode(merged.location());
    }

    private static MapNode wrap(String name, MapNode service) {
        MapNode services = new MapNode(service.location());
        services.put(name, service);
        MapNode root = new MapNode(service.location());
        root.put("services", services);
        return root;
    }
}
