package io.jcompose.engine.api;

import java.util.List;

/** {@code GET /containers/{id}/top}: ps column titles and one row per process. */
public record TopResult(List<String> titles, List<List<String>> processes) {
    public TopResult {
        titles = Defaults.list(titles);
        processes = Defaults.list(processes);
    }
}
