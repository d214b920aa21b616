package io.jcompose.model;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.internal.load.FileLoader;
import io.jcompose.model.internal.load.LoadContext;
import io.jcompose.model.internal.load.ModelBinder;
import io.jcompose.model.internal.load.Normalizer;
import io.jcompose.model.internal.load.PathResolver;
import io.jcompose.model.internal.load.ProjectSources;
import io.jcompose.model.internal.load.ProjectValidator;
import io.jcompose.model.internal.load.Template;
import io.jcompose.model.internal.schema.Coercer;
import io.jcompose.model.internal.schema.ComposeSchema;
import io.jcompose.model.internal.schema.Shape;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import io.jcompose.model.internal.yaml.YamlSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads a Compose project the way Docker Compose v2 does: YamlSource, Interpolator,
 * OverrideMerger (with includes and extends), Normalizer, ModelBinder, ProjectValidator. Every stage
 * reports all of its problems at once as a {@link ComposeFileException}.
 */
public final class ProjectLoader {
    private static final Shape.Obj ROOT = Shape.obj("project",
            Shape.f("name", new Shape.Scalar(Shape.Type.STR)),
            Shape.f("services", Shape.dict(ComposeSchema.SERVICE)),
            Shape.f("networks", Shape.dict(ComposeSchema.NETWORK)),
            Shape.f("volumes", Shape.dict(ComposeSchema.VOLUME)),
            Shape.f("secrets", Shape.dict(ComposeSchema.FILE_OBJECT)),
            Shape.f("configs", Shape.dict(ComposeSchema.FILE_OBJECT)),
            Shape.f("models", Shape.dict(ComposeSchema.MODEL)));

    private ProjectLoader() {}

    /** Loads the project the options describe. */
    public static Project load(LoadOptions options) {
        Function<Path, String> reader = reader(options);
        ProjectSources sources = ProjectSources.of(options, reader);
        Map<String, String> env = new LinkedHashMap<>(sources.environment());
        Map<Path, List<Node>> parsed = new java.util.HashMap<>();
        Function<Path, List<Node>> parse = f -> parsed.computeIfAbsent(f, x -> YamlSource.parse(x, reader.apply(x)));
        String name = projectName(options, sources, env, parse);
        env.put("COMPOSE_PROJECT_NAME", name);
        String home = options.environment().getOrDefault("HOME", System.getProperty("user.home"));
        LoadContext ctx = LoadContext.of(env, sources.projectDir(), options.interpolate(), reader, home);
        MapNode model = new FileLoader(ctx, parsed).load(sources.files());
        if (model.entries().isEmpty()) {
            throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(sources.files().get(0)), KeyPath.root(),
                    "empty compose file", "define at least one service under \"services:\""));
        }
        List<String> warnings = new ArrayList<>(sources.warnings());
        ctx.unset().forEach(v -> warnings.add("The \"" + v + "\" variable is not set. Defaulting to a blank string."));
        if (model.has("version")) {
            warnings.add(sources.files().get(0) + ": the attribute `version` is obsolete, it will be ignored,"
                    + " please remove it to avoid potential confusion");
        }
        List<Diagnostic> problems = new ArrayList<>();
        Coercer coercer = new Coercer(problems, !options.interpolate());
        if (!(model.get("services") instanceof MapNode) && model.has("services")
                && !(model.get("services") instanceof ScalarNode sc && sc.isNull())) {
            coercer.object(model, ROOT, KeyPath.root());
            throw new ComposeFileException(problems);
        }
        new PathResolver(sources.projectDir(), home).apply(model);
        if (model.get("services") instanceof MapNode services) {
            io.jcompose.model.internal.load.ServiceEnvironment.of(env, reader, problems).apply(services);
        }
        new Normalizer(name, env).apply(model);
        model.put("name", ScalarNode.string(model.location(), name));
        List<String> profiles = profiles(options, env);
        Map<String, Node> disabled = disable(model, profiles);
        Value.Dict root = coercer.object(model, ROOT, KeyPath.root());
        if (problems.isEmpty()) {
            new ProjectValidator(problems).apply(model, disabled.keySet());
        }
        if (!problems.isEmpty()) {
            throw new ComposeFileException(problems);
        }
        return bind(name, sources, env, root, disabled, coercer, profiles, warnings);
    }

    private static Project bind(String name, ProjectSources sources, Map<String, String> env, Value.Dict root,
                                Map<String, Node> disabled, Coercer coercer, List<String> profiles,
                                List<String> warnings) {
        Map<String, ServiceSpec> services = new TreeMap<>();
        root.dict("services").ifPresent(d -> d.entries().forEach((k, v) -> services.put(k, ModelBinder.service(k, (Value.Dict) v))));
        Map<String, ServiceSpec> off = new TreeMap<>();
        disabled.forEach((k, n) -> coercer.coerce(n, ComposeSchema.SERVICE, KeyPath.root().key("services").key(k))
                .ifPresent(v -> off.put(k, ModelBinder.service(k, (Value.Dict) v))));
        return new Project(name, sources.projectDir(), sources.files(), env, services, off,
                bindAll(root, "networks", ModelBinder::network), bindAll(root, "volumes", ModelBinder::volume),
                bindAll(root, "secrets", ModelBinder::fileObject), bindAll(root, "configs", ModelBinder::fileObject),
                profiles, root, warnings);
    }

    private static <T> Map<String, T> bindAll(Value.Dict root, String kind, Function<Value.Dict, T> binder) {
        Map<String, T> out = new TreeMap<>();
        root.dict(kind).ifPresent(d -> d.entries().forEach((k, v) -> out.put(k, binder.apply((Value.Dict) v))));
        return out;
    }

    /** Removes services whose profiles are not enabled; returns them by name. */
    private static Map<String, Node> disable(MapNode model, List<String> profiles) {
        Map<String, Node> off = new TreeMap<>();
        if (!(model.get("services") instanceof MapNode services)) {
            return off;
        }
        for (String name : new ArrayList<>(services.entries().keySet())) {
            if (services.get(name) instanceof MapNode s && s.get("profiles") instanceof SeqNode p && !p.items().isEmpty()
                    && !profiles.contains("*")
                    && p.items().stream().noneMatch(i -> i instanceof ScalarNode sc && profiles.contains(sc.value()))) {
                off.put(name, services.remove(name));
            }
        }
        return off;
    }

    private static List<String> profiles(LoadOptions options, Map<String, String> env) {
        if (!options.profiles().isEmpty()) {
            return options.profiles().stream().flatMap(p -> Arrays.stream(p.split(","))).filter(p -> !p.isBlank()).toList();
        }
        String fromEnv = env.getOrDefault("COMPOSE_PROFILES", "");
        return Arrays.stream(fromEnv.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** Project name: {@code -p}, COMPOSE_PROJECT_NAME, top-level {@code name}, then the directory. */
    private static String projectName(LoadOptions options, ProjectSources sources, Map<String, String> env,
                                      Function<Path, List<Node>> parse) {
        if (options.projectName().isPresent()) {
            String p = options.projectName().get();
            if (!normalize(p).equals(p) || p.isEmpty()) {
                throw invalidName(p);
            }
            return p;
        }
        String candidate = env.get("COMPOSE_PROJECT_NAME");
        if (candidate == null || candidate.isEmpty()) {
            candidate = nameFromFiles(sources.files(), env, parse, options.interpolate());
        }
        if (candidate == null || candidate.isEmpty()) {
            Path dir = sources.projectDir().getFileName();
            candidate = dir == null ? "" : dir.toString();
        }
        String name = normalize(candidate);
        if (name.isEmpty()) {
            throw invalidName(candidate);
        }
        return name;
    }

    private static String nameFromFiles(List<Path> files, Map<String, String> env, Function<Path, List<Node>> parse,
                                        boolean interpolate) {
        String name = null;
        for (Path f : files) {
            for (Node doc : parse.apply(f)) {
                if (doc instanceof MapNode m && m.get("name") instanceof ScalarNode sc && !sc.isNull()) {
                    try {
                        name = interpolate ? Template.substitute(sc.value(), env) : sc.value();
                    } catch (Template.Failure e) {
                        throw ComposeFileException.of(Diagnostic.error(sc.location(), KeyPath.parse("name"), e.getMessage()));
                    }
                }
            }
        }
        return name;
    }

    /** Compose's project name normalisation: lower case, only [a-z0-9_-], no leading _ or -. */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            }
        }
        int i = 0;
        while (i < out.length() && (out.charAt(i) == '_' || out.charAt(i) == '-')) {
            i++;
        }
        return out.substring(i);
    }

    private static io.jcompose.errors.UsageException invalidName(String name) {
        return new io.jcompose.errors.UsageException("invalid project name \"" + name + "\": must consist only of"
                + " lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number");
    }

    /** Every variable the project's files refer to, with default and alternate values (for {@code --variables}). */
    public static Map<String, Variable> variables(LoadOptions options) {
        Function<Path, String> reader = reader(options);
        ProjectSources sources = ProjectSources.of(options, reader);
        Map<String, Variable> out = new TreeMap<>();
        for (Path f : sources.files()) {
            for (Node doc : YamlSource.parse(f, reader.apply(f))) {
                collect(doc, out);
            }
        }
        return out;
    }

    private static void collect(Node node, Map<String, Variable> out) {
        if (node instanceof MapNode m) {
            m.entries().values().forEach(v -> collect(v, out));
        } else if (node instanceof SeqNode s) {
            s.items().forEach(v -> collect(v, out));
        } else if (node instanceof ScalarNode sc && sc.kind() == ScalarNode.Kind.STRING) {
            try {
                Template.variables(sc.value(), v -> out.merge(v.name(), v, (a, b) -> new Variable(a.name(),
                        a.required() || b.required(), a.defaultValue().isEmpty() ? b.defaultValue() : a.defaultValue(),
                        a.presenceValue().isEmpty() ? b.presenceValue() : a.presenceValue())));
            } catch (Template.Failure e) {
                // an invalid expression is reported when the project is loaded, not here
            }
        }
    }

    private static Function<Path, String> reader(LoadOptions options) {
        Map<Path, String> cache = new LinkedHashMap<>();
        return file -> cache.computeIfAbsent(file, f -> {
            if (f.toString().equals(ProjectSources.STDIN)) {
                return options.stdin().get();
            }
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(f), KeyPath.root(),
                        "file is not valid UTF-8", "save the file as UTF-8"));
            } catch (IOException e) {
                throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(f), KeyPath.root(),
                        "cannot read file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            }
        });
    }


}
