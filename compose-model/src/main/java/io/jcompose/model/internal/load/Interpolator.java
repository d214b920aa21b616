package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Substitutes variables in every string value of a document (never in keys). Each scalar keeps its
 * location, so a failed {@code ${V:?msg}} names the file, line and key path. Reports all failures of
 * the document at once.
 */
public final class Interpolator {
    private final Map<String, String> environment;
    private final Set<String> unset;
    private final List<Diagnostic> problems = new ArrayList<>();

    /** {@code unset} collects the names of variables that were unset and defaulted to "". */
    public Interpolator(Map<String, String> environment, Set<String> unset) {
        this.environment = environment;
        this.unset = unset;
    }

    /** Interpolates {@code root} in place. */
    public void apply(Node root) {
        Node out = walk(root, KeyPath.root());
        if (out != root) {
            throw new IllegalStateException("root must be a mapping");
        }
        if (!problems.isEmpty()) {
            throw new ComposeFileException(problems);
        }
    }

    private Node walk(Node node, KeyPath path) {
        if (node instanceof MapNode m) {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                e.setValue(walk(e.getValue(), path.key(e.getKey())));
            }
            return m;
        }
        if (node instanceof SeqNode s) {
            for (int i = 0; i < s.items().size(); i++) {
                s.items().set(i, walk(s.items().get(i), path.index(i)));
            }
            return s;
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.kind() != ScalarNode.Kind.STRING || scalar.value().indexOf('$') < 0) {
            return scalar;
        }
        try {
            String v = Template.substitute(scalar.value(), k -> Optional.ofNullable(environment.get(k)), unset::add);
            return scalar.with(v, ScalarNode.Kind.STRING);
        } catch (Template.Failure f) {
            problems.add(f.required()
                    ? Diagnostic.error(scalar.location(), path, f.getMessage(),
                            "set the variable in the environment or in the .env file")
                    : Diagnostic.error(scalar.location(), path, f.getMessage(),
                            "write $$ for a literal dollar sign"));
            return scalar;
        }
    }
}
