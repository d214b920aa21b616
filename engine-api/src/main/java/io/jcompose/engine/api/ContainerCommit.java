package io.jcompose.engine.api;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /commit}: which container becomes an image, its name ({@code repo} empty: untagged; {@code tag}
 * empty: latest), the history entry's {@code comment} and {@code author}, whether the container is frozen while
 * its layer is taken, Dockerfile instructions to apply ({@code changes}, as {@code docker commit -c}) and the
 * request body's config overrides.
 */
public record ContainerCommit(String container, String repo, String tag, String comment, String author,
                              boolean pause, List<String> changes, Optional<ContainerConfig> config) {
    public ContainerCommit {
        container = Defaults.str(container);
        repo = Defaults.str(repo);
        tag = Defaults.str(tag);
        comment = Defaults.str(comment);
        author = Defaults.str(author);
        changes = Defaults.list(changes);
        config = Defaults.opt(config);
    }

    /** A commit of {@code container} with Docker's defaults (pause, no name, no changes). */
    public static ContainerCommit of(String container) {
        return new ContainerCommit(container, "", "", "", "", true, List.of(), Optional.empty());
    }
}
