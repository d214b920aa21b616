package io.jcompose.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host half of a container's release, left once its endpoints are forgotten: its host veths and its
 * namespace file. Whoever needs it done runs it (the background thread, or a later start or release of the same
 * container); the first run that succeeds counts, a failed one is run again by the next caller.
 */
final class Teardown {

    private final String containerId;
    private final List<Endpoint> endpoints;
    private final Path netns;
    private final Optional<Teardown> before;
    private boolean finished;

    Teardown(String containerId, List<Endpoint> endpoints, Path netns) {
        this(containerId, endpoints, netns, Optional.empty());
    }

    private Teardown(String containerId, List<Endpoint> endpoints, Path netns, Optional<Teardown> before) {
        this.containerId = containerId;
        this.endpoints = List.copyOf(endpoints);
        this.netns = netns;
        this.before = before;
    }

    /**
     * This and {@code before} (the same container's, not done yet) as one job that runs {@code before} itself
     * first: whoever still holds {@code before} (the background thread) then finds it done and leaves alone the
     * namespace file a start made meanwhile.
     */
    Teardown after(Teardown before) {
        return new Teardown(containerId, endpoints, netns, Optional.of(before));
    }

    String containerId() {
        return containerId;
    }

    /** Whether it held an endpoint on the network; its addresses there stay taken until it has run. */
    boolean on(String networkId) {
        return all().stream().anyMatch(e -> e.networkId().equals(networkId));
    }

    private List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>(before.map(Teardown::all).orElse(List.of()));
        all.addAll(endpoints);
        return all;
    }

    /** The addresses (without prefix length) it held on the network. */
    List<String> addresses(String networkId, boolean ipv6) {
        return all().stream().filter(e -> e.networkId().equals(networkId))
                .map(e -> ipv6 ? e.ipv6() : e.ipv4()).flatMap(Optional::stream).toList();
    }

    /** Deletes the links and the namespace file unless that was done; a second caller waits for the first. */
    synchronized void run(NetHost host) {
        before.ifPresent(b -> b.run(host));
        if (!finished) {
            host.teardown(endpoints.stream().map(Endpoint::hostVeth).toList(), netns);
            finished = true;
        }
    }
}
