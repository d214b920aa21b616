package io.jcompose.model.internal.yaml;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses compose YAML (1.2 core schema) into located {@link Node} trees. Only the node API is used:
 * no tag ever constructs an object. Aliases and {@code <<} merge keys are expanded here, bounded by
 * the number of nodes visited rather than by an alias count, so that files reusing one anchor in
 * many services load while an alias bomb fails fast. Duplicate keys are errors.
 */
public final class YamlSource {
    /** Largest compose file accepted, in code points. */
    public static final int MAX_CODE_POINTS = 32 * 1024 * 1024;
    /** Most nodes one file may expand to (after aliases and merge keys). */
    public static final int MAX_NODES = 250_000;
    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 200;
    private static final String MERGE_KEY = "<<";
    private static final List<String> KNOWN_TAGS = List.of("!reset", "!override");

    private final Path file;
    private final List<Diagnostic> problems = new ArrayList<>();
    private int visited;

    private YamlSource(Path file) {
        this.file = file;
    }

    /** Parses every document of {@code text}; the empty stream yields no document. */
    public static List<Node> parse(Path file, String text) {
        return new YamlSource(file).documents(text);
    }

    private List<Node> documents(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setAllowDuplicateKeys(true) // checked below, with both locations
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(Integer.MAX_VALUE) // bounded by MAX_NODES instead
                .setCodePointLimit(MAX_CODE_POINTS)
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                // the whole text is in memory already; one window avoids the reader's quadratic
                // re-copying of its buffer while it scans a multi-megabyte scalar
                .setBufferSize(Math.max(1024, text.length() + 1))
                .build();
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            throw fail(SourceLocation.of(file), "file is larger than " + MAX_CODE_POINTS / 1024 / 1024 + " MiB");
        }
        List<Node> out = new ArrayList<>();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            while (composer.hasNext()) {
                out.add(convert(composer.next(), KeyPath.root(), 0, new IdentityHashMap<>()));
            }
        } catch (MarkedYamlEngineException e) {
            SourceLocation at = e.getProblemMark().or(e::getContextMark).map(this::at).orElse(SourceLocation.of(file));
            throw fail(at, "invalid YAML: " + e.getProblem().trim()
                    + (e.getContext() == null ? "" : " (" + e.getContext().trim() + ")"));
        } catch (YamlEngineException e) {
            throw fail(SourceLocation.of(file), "invalid YAML: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ComposeFileException(problems);
        }
        return out;
    }

    private ComposeFileException fail(SourceLocation at, String message) {
        List<Diagnostic> all = new ArrayList<>(problems);
        all.add(Diagnostic.error(at, KeyPath.root(), message));
        return new ComposeFileException(all);
    }

    private SourceLocation at(Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private SourceLocation at(org.snakeyaml.engine.v2.nodes.Node node) {
        return node.getStartMark().map(this::at).orElse(SourceLocation.of(file));
    }

    private Node convert(org.snakeyaml.engine.v2.nodes.Node node, KeyPath path, int depth,
                         IdentityHashMap<org.snakeyaml.engine.v2.nodes.Node, Boolean> active) {
        if (++visited > MAX_NODES) {
            throw fail(at(node), "document expands to more than " + MAX_NODES
                    + " nodes (an alias bomb?); reduce the use of aliases");
        }
        if (depth > MAX_DEPTH) {
            throw fail(at(node), "document is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (active.put(node, Boolean.TRUE) != null) {
            throw fail(at(node), path + ": recursive alias: an anchor refers to itself");
        }
        try {
            String tag = tagOf(node, path);
            if (node instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s) {
                return scalar(s, tag);
            }
            if (node instanceof SequenceNode s) {
                List<Node> items = new ArrayList<>();
                int i = 0;
                for (org.snakeyaml.engine.v2.nodes.Node item : s.getValue()) {
                    items.add(convert(item, path.index(i++), depth + 1, active));
                }
                return new SeqNode(at(node), tag, items);
            }
            return mapping((MappingNode) node, tag, path, depth, active);
        } finally {
            active.remove(node);
        }
    }

    private String tagOf(org.snakeyaml.engine.v2.nodes.Node node, KeyPath path) {
        String tag = node.getTag().getValue();
        if (tag.startsWith(Tag.PREFIX) || node.getTag().equals(Tag.ENV_TAG)) {
            return "";
        }
        if (!KNOWN_TAGS.contains(tag)) {
            problems.add(Diagnostic.error(at(node), path, "unsupported tag \"" + tag + "\"",
                    "compose files accept only !reset and !override"));
        }
        return tag;
    }

    private ScalarNode scalar(org.snakeyaml.engine.v2.nodes.ScalarNode s, String tag) {
        Tag resolved = s.getTag();
        if (!tag.isEmpty()) {
            resolved = s.isPlain() ? new CoreScalarResolver(true).resolve(s.getValue(), true) : Tag.STR;
        }
        ScalarNode.Kind kind;
        if (resolved.equals(Tag.NULL)) {
            kind = ScalarNode.Kind.NULL;
        } else if (resolved.equals(Tag.BOOL)) {
            kind = ScalarNode.Kind.BOOL;
        } else if (resolved.equals(Tag.INT)) {
            kind = ScalarNode.Kind.INT;
        } else if (resolved.equals(Tag.FLOAT)) {
            kind = ScalarNode.Kind.FLOAT;
        } else {
            kind = ScalarNode.Kind.STRING;
        }
        return new ScalarNode(at(s), tag, kind == ScalarNode.Kind.NULL ? "" : s.getValue(), kind);
    }

    private MapNode mapping(MappingNode node, String tag, KeyPath path, int depth,
                            IdentityHashMap<org.snakeyaml.engine.v2.nodes.Node, Boolean> active) {
        MapNode out = new MapNode(at(node), tag);
        Map<String, SourceLocation> own = new LinkedHashMap<>();
        List<MapNode> merged = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            org.snakeyaml.engine.v2.nodes.Node k = t.getKeyNode();
            if (!(k instanceof org.snakeyaml.engine.v2.nodes.ScalarNode ks)) {
                problems.add(Diagnostic.error(at(k), path, "mapping keys must be strings"));
                continue;
            }
            String key = ks.getValue();
            if (key.equals(MERGE_KEY) && ks.isPlain()) {
                mergeSources(convert(t.getValueNode(), path.key(key), depth + 1, active), path, merged);
                continue;
            }
            SourceLocation first = own.putIfAbsent(key, at(k));
            if (first != null) {
                problems.add(Diagnostic.error(at(k), path.key(key), "duplicate key \"" + key
                        + "\" (first defined at line " + first.line() + ")", "remove one of the two definitions"));
                continue;
            }
            out.put(key, at(k), convert(t.getValueNode(), path.key(key), depth + 1, active));
        }
        // explicit keys win over merged ones; among merged mappings the first one listed wins
        for (MapNode source : merged) {
            source.entries().forEach((k, v) -> {
                if (!out.has(k)) {
                    out.put(k, source.keyLocation(k), v.copy());
                }
            });
        }
        return out;
    }

    private void mergeSources(Node value, KeyPath path, List<MapNode> into) {
        if (value instanceof MapNode m) {
            into.add(m);
        } else if (value instanceof SeqNode s && s.items().stream().allMatch(MapNode.class::isInstance)) {
            s.items().forEach(i -> into.add((MapNode) i));
        } else {
            problems.add(Diagnostic.error(value.location(), path.key(MERGE_KEY),
                    "merge key \"<<\" needs a mapping or a sequence of mappings"));
        }
    }

    /** The location of a whole file, for problems not tied to a node. */
    public static SourceLocation fileLocation(Path file) {
        return SourceLocation.of(file);
    }

}
