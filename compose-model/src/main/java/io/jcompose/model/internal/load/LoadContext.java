package io.jcompose.model.internal.load;

import io.jcompose.model.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one (sub-)project load needs: the interpolation environment, the directory relative paths
 * are resolved against, the chain of files being included (to reject cycles) and sinks for the
 * warnings and unset variables it finds.
 *
 * @param environment variables for interpolation
 * @param workingDir  the project directory
 * @param interpolate false for {@code --no-interpolate}
 * @param includeChain the files whose includes led here, outermost first
 * @param unset       names of unset variables that defaulted to ""
 * @param warnings    messages for standard error
 * @param reader      reads a file (stdin for {@code -}); throws a ComposeFileException
 * @param home        the user's home, for {@code ~}
 */
public record LoadContext(Map<String, String> environment, Path workingDir, boolean interpolate,
                          List<Path> includeChain, Set<String> unset, Set<String> warnings,
                          Function<Path, String> reader, String home) {

    /** A context for a new top-level load. */
    public static LoadContext of(Map<String, String> environment, Path workingDir, boolean interpolate,
                                 Function<Path, String> reader, String home) {
        return new LoadContext(environment, workingDir, interpolate, List.of(), new LinkedHashSet<>(),
                new LinkedHashSet<>(), reader, home);
    }

    /** The context of an included project. */
    LoadContext included(Map<String, String> env, Path dir, Path includer) {
        List<Path> chain = new ArrayList<>(includeChain);
        chain.add(includer);
        return new LoadContext(env, dir, interpolate, chain, unset, warnings, reader, home);
    }

    /** A fresh diagnostics list. */
    static List<Diagnostic> problems() {
        return new ArrayList<>();
    }
}
