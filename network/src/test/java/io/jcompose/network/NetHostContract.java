package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.network.internal.FirewallRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link NetHost} must do; run against the fake (unit) and Linux (root). */
abstract class NetHostContract {

    static final String BRIDGE = "jk-contract0";
    static final String VETH = "jkv-contract0";

    @TempDir
    Path dir;

    abstract NetHost host();

    /** Removes what a failed test may have left (only the Linux implementation leaves anything). */
    void scrub() {}

    @AfterEach
    void cleanUp() {
        host().deleteLink(VETH);
        host().deleteLink(BRIDGE);
        host().deleteNamespace(dir.resolve("ns/c"));
        scrub();
    }

    @Test
    void bridgesComeAndGo() {
        host().createBridge(BRIDGE, List.of("10.239.0.1/24"), Optional.empty());
        assertThat(host().links()).contains(BRIDGE);
        host().deleteLink(BRIDGE);
        assertThat(host().links()).doesNotContain(BRIDGE);
        host().deleteLink(BRIDGE);
    }

    @Test
    void vethIntoANamespace() {
        Path ns = dir.resolve("ns/c");
        host().createNamespace(ns);
        assertThat(ns).exists();
        host().createBridge(BRIDGE, List.of("10.239.0.1/24"), Optional.empty());
        host().attach(new VethSpec(VETH, BRIDGE, ns, "eth0", "02:42:0a:ef:00:02", List.of("10.239.0.2/24"),
                Optional.of("10.239.0.1"), Optional.empty(), Optional.empty(),
                FirewallRules.namespaceDns("10.239.0.1", "10.239.0.2", 53)));
        assertThat(host().links()).contains(VETH);
        host().defaultRoute(ns, Optional.empty());
        host().namespaceRules(ns, FirewallRules.namespaceEmpty());
        host().deleteLink(VETH);
        assertThat(host().links()).doesNotContain(VETH);
        host().deleteNamespace(ns);
        assertThat(ns).doesNotExist();
        host().deleteNamespace(ns);
    }

    @Test
    void firewallAppliesAndClears() {
        FirewallRules rules = new FirewallRules("JCOMPOSE_JK", "jk");
        host().applyFirewall(rules.render(List.of(), List.of()), rules.jumps());
        host().applyFirewall(rules.render(List.of(), List.of()), rules.jumps());
        host().clearFirewall(rules.jumps(), rules.chains());
        host().clearFirewall(rules.jumps(), rules.chains());
    }
}
