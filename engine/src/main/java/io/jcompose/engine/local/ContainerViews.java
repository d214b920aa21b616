package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerInspect;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.NetworkSettings;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ContainerState;
import io.jcompose.runtime.container.ContainerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's containers as {@code docker ps} rows and {@code docker inspect} objects. */
final class ContainerViews {
    private ContainerViews() {}

    static String networkName(ContainerMeta m) {
        String mode = m.request().hostConfig().networkMode();
        return mode.isEmpty() || mode.equals("default") ? "bridge" : mode;
    }

    static io.jcompose.engine.api.ContainerState apiState(ContainerState s, ContainerMeta m) {
        String status = s.status().dockerName();
        boolean paused = s.status() == ContainerStatus.PAUSED;
        return new io.jcompose.engine.api.ContainerState(status, s.isRunning(), paused, false, s.oomKilled(), false,
                s.pid(), s.exitCode(), s.error(), s.startedAt().orElse(""), s.finishedAt().orElse(""),
                s.isRunning() ? m.health() : m.health());
    }

    static ContainerInspect inspect(LocalEngine e, ContainerMeta m) {
        ContainerState s = e.state(m.id());
        ContainerSpec spec = e.runtime.spec(m.id());
        List<String> args = spec.process().args();
        Map<String, EndpointSettings> nets = e.network.endpoints(m.id(), m.request());
        EndpointSettings primary = nets.values().stream().findFirst().orElse(EndpointSettings.withAliases(List.of()));
        NetworkSettings ns = new NetworkSettings(s.isRunning() ? spec.netnsPath().map(Path::toString)
                .orElse("/proc/" + s.pid() + "/ns/net") : "", e.network.ports(m.id()), primary.ipAddress(),
                primary.gateway(), nets);
        var config = m.request().config().withEnv(spec.process().env())
                .withUserAndWorkingDir(m.request().config().user(), spec.process().cwd());
        if (m.request().config().cmd().isEmpty() && m.request().config().entrypoint().isEmpty()) {
            config = config.withCmd(args);
        }
        return new ContainerInspect(m.id(), m.created(), args.get(0), args.subList(1, args.size()), apiState(s, m),
                m.imageId(), "", "", "", e.runtime.dir(m.id()).log().toString(), "/" + m.name(), m.policyRestarts(),
                "overlayfs", "linux", e.execIds(m.id()), m.request().hostConfig(), m.mounts(), config, ns);
    }

    static String statusText(ContainerState s, ContainerMeta m) {
        Instant now = Instant.now();
        switch (s.status()) {
            case CREATED:
                return "Created";
            case RUNNING:
            case PAUSED: {
                String up = "Up " + human(Duration.between(Instant.parse(s.startedAt().orElse(now.toString())), now));
                if (s.status() == ContainerStatus.PAUSED) {
                    return up + " (Paused)";
                }
                return m.health().map(h -> up + " (" + (h.status().equals("starting") ? "health: starting" : h.status()) + ")")
                        .orElse(up);
            }
            default:
                return "Exited (" + s.exitCode() + ") " + human(Duration.between(
                        Instant.parse(s.finishedAt().orElse(now.toString())), now)) + " ago";
        }
    }

    /** Go's units.HumanDuration, as docker ps prints it. */
    static String human(Duration d) {
        long secs = Math.max(0, d.getSeconds());
        if (secs < 1) {
            return "Less than a second";
        }
        if (secs == 1) {
            return "1 second";
        }
        if (secs < 60) {
            return secs + " seconds";
        }
        long mins = secs / 60;
        if (mins == 1) {
            return "About a minute";
        }
        if (mins < 60) {
            return mins + " minutes";
        }
        long hours = Math.round(secs / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        return (hours / 24) + " days";
    }

    static List<ContainerSummary> list(LocalEngine e, ContainerListQuery q) {
        Filters f = q.filters();
        f.requireOnly("id", "name", "label", "status", "ancestor", "before", "since", "exited", "health", "network",
                "volume", "is-task", "expose", "publish");
        List<ContainerMeta> all = e.newestFirst();
        Optional<String> before = f.first("before").map(b -> e.meta(b).created());
        Optional<String> since = f.first("since").map(b -> e.meta(b).created());
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerMeta m : all) {
            ContainerState s;
            try {
                s = e.state(m.id());
            } catch (RuntimeException gone) {
                continue;
            }
            String status = s.status().dockerName();
            if (!q.all() && !s.isRunning() && !f.has("status") && !f.has("exited")) {
                continue;
            }
            if (f.has("status") && !f.get("status").contains(status)) {
                continue;
            }
            if (f.has("exited") && (s.status() != ContainerStatus.EXITED
                    || !f.get("exited").contains(String.valueOf(s.exitCode())))) {
                continue;
            }
            if (f.has("id") && f.get("id").stream().noneMatch(m.id()::startsWith)) {
                continue;
            }
            if (f.has("name") && f.get("name").stream().noneMatch(n -> nameMatches(n, m.name()))) {
                continue;
            }
            if (!f.labelsMatch("label", m.request().config().labels())) {
                continue;
            }
            if (f.has("ancestor") && f.get("ancestor").stream().noneMatch(a -> ancestor(e, a, m))) {
                continue;
            }
            if (f.has("health") && !f.get("health").contains(m.health().map(h -> h.status()).orElse("none"))) {
                continue;
            }
            if (f.has("network") && f.get("network").stream().noneMatch(n -> e.network.networksOf(m.request()).contains(n)
                    || n.equals(networkName(m)))) {
                continue;
            }
            if (f.has("volume") && f.get("volume").stream().noneMatch(v -> m.mounts().stream()
                    .anyMatch(p -> p.source().equals(v) || p.destination().equals(v) || p.name().equals(v)))) {
                continue;
            }
            if (f.get("is-task").contains("true")) {
                // no swarm tasks on this engine
                continue;
            }
            if (f.has("publish") && f.get("publish").stream().noneMatch(p -> e.network.summaryPorts(m.id()).stream()
                    .anyMatch(port -> p.equals(port.publicPort() + "") || p.equals(port.publicPort() + "/" + port.type())))) {
                continue;
            }
            if (f.has("expose") && f.get("expose").stream().noneMatch(p -> m.request().config().exposedPorts()
                    .containsKey(p.contains("/") ? p : p + "/tcp"))) {
                continue;
            }
            if (before.isPresent() && m.created().compareTo(before.get()) >= 0) {
                continue;
            }
            if (since.isPresent() && m.created().compareTo(since.get()) <= 0) {
                continue;
            }
            ContainerSummary row = summary(e, m, s);
            if (q.size()) {
                long rw = DiskUsage.of(e.runtime.upperDir(m.id()));
                long image = e.images.find(m.imageId()).map(i -> i.size()).orElse(0L);
                row = row.withSizes(rw, rw + image);
            }
            out.add(row);
            if (q.limit() > 0 && out.size() >= q.limit()) {
                break;
            }
        }
        return out;
    }

    private static boolean nameMatches(String filter, String name) {
        String f = filter.startsWith("/") ? filter.substring(1) : filter;
        try {
            return java.util.regex.Pattern.compile(f).matcher(name).find();
        } catch (java.util.regex.PatternSyntaxException ex) {
            return name.contains(f);
        }
    }

    private static boolean ancestor(LocalEngine e, String ref, ContainerMeta m) {
        return e.images.find(ref).map(i -> i.id().equals(m.imageId())).orElse(false)
                || m.request().config().image().equals(ref);
    }

    static ContainerSummary summary(LocalEngine e, ContainerMeta m, ContainerState s) {
        List<String> args = e.runtime.spec(m.id()).process().args();
        long created = Instant.parse(m.created()).getEpochSecond();
        return new ContainerSummary(m.id(), List.of("/" + m.name()), m.request().config().image(), m.imageId(),
                String.join(" ", args), created, e.network.summaryPorts(m.id()), m.request().config().labels(),
                s.status().dockerName(), statusText(s, m), new ContainerSummary.SummaryHostConfig(networkName(m)),
                new ContainerSummary.SummaryNetworkSettings(e.network.endpoints(m.id(), m.request())), m.mounts());
    }
}
