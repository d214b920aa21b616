package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * {@link Networking#releaseLater}: the bookkeeping at once, the host work queued (here on an executor the test
 * runs by hand), and whatever comes next for the same container or address waits for that work.
 */
class ReleaseLaterTest {

    @TempDir
    Path dir;
    private final FakeNetHost host = new FakeNetHost();
    private final List<Runnable> queued = new ArrayList<>();
    private Networking net;

    @BeforeEach
    void open() {
        net = Networking.open(FakeNetHost.options(dir), host, queued::add);
        net.create(NetworkSpec.of("front"));
    }

    @AfterEach
    void close() {
        net.close();
    }

    private Endpoint start(String container, String... aliases) {
        Path ns = net.namespacePath(container);
        return net.createNamespace(container, List.of(new Attachment("front",
                EndpointRequest.of(container, container, ns, List.of(aliases))))).get(0);
    }

    private void runQueued() {
        List<Runnable> jobs = List.copyOf(queued);
        queued.clear();
        jobs.forEach(Runnable::run);
    }

    @Test
    void portsEndpointsAndNamesGoAtOnceTheHostWorkLater() throws Exception {
        Endpoint web = start("web", "svc");
        Endpoint other = start("other");
        net.publish("web", List.of(PortRequest.ephemeral(80, Protocol.TCP).withHostIp("127.0.0.1")));

        CompletableFuture<Void> done = net.releaseLater("web");

        assertThat(net.endpointsOf("web")).isEmpty();
        assertThat(net.ports("web")).isEmpty();
        assertThat(host.firewall).doesNotContain(web.ipv4().get());
        var dns = net.dnsAddress(web.networkId()).orElseThrow();
        assertThat(NetworkingTest.addresses(NetworkingTest.ask(dns, other.ipv4().get(), "svc", Type.A))).isEmpty();
        assertThat(host.links).contains(web.hostVeth());
        assertThat(net.namespacePath("web")).exists();
        assertThat(done).isNotDone();

        runQueued();
        assertThat(done).isCompleted();
        assertThat(host.links).doesNotContain(web.hostVeth());
        assertThat(net.namespacePath("web")).doesNotExist();
    }

    @Test
    void aRestartFinishesTheOldTeardownBeforeItMakesTheNamespace() {
        Endpoint old = start("web");
        CompletableFuture<Void> done = net.releaseLater("web");
        int mark = host.log.size();

        Endpoint again = start("web");

        Path ns = net.namespacePath("web");
        assertThat(host.log.subList(mark, host.log.size())).containsExactly("deleteLink " + old.hostVeth(),
                "deleteNamespace " + ns, "createNamespace " + ns, "attach " + again.hostVeth());
        assertThat(again.ipv4Address()).isEqualTo(old.ipv4Address());
        runQueued();
        assertThat(done).isCompleted();
        assertThat(host.log).hasSize(mark + 4);
        assertThat(host.links).contains(again.hostVeth());
    }

    @Test
    void theQueuedJobLeavesAloneWhatARestartAfterAReleaseMade() {
        start("web");
        CompletableFuture<Void> done = net.releaseLater("web");
        // the engine's start: a release first, then the namespace with its veths
        net.release("web");
        Endpoint again = start("web");

        runQueued();
        assertThat(done).isCompleted();
        assertThat(net.namespacePath("web")).exists();
        assertThat(host.links).contains(again.hostVeth());
    }

    @Test
    void releaseAndConnectOfTheSameContainerWaitForItToo() {
        Endpoint old = start("web");
        net.releaseLater("web");
        net.release("web");
        assertThat(host.links).doesNotContain(old.hostVeth());

        start("db");
        net.releaseLater("db");
        net.createNamespace("db");
        int mark = host.log.size();
        net.connect("front", EndpointRequest.of("db", "db", net.namespacePath("db"), List.of()));
        assertThat(host.log.subList(mark, host.log.size())).hasSize(1).allMatch(l -> l.startsWith("attach "));
    }

    @Test
    void addressesStayTakenUntilTheOldVethIsGone() {
        Endpoint old = start("web");
        net.releaseLater("web");

        Endpoint next = start("next");
        assertThat(next.ipv4Address()).isNotEqualTo(old.ipv4Address());

        int mark = host.log.size();
        Endpoint fixed = net.connect("front", EndpointRequest.of("fixed", "fixed", created("fixed"), List.of())
                .withIpv4Address(old.ipv4().get()));
        assertThat(fixed.ipv4Address()).isEqualTo(old.ipv4Address());
        assertThat(host.log.subList(mark, host.log.size())).containsSubsequence("deleteLink " + old.hostVeth(),
                "attach " + fixed.hostVeth());
    }

    private Path created(String container) {
        return net.createNamespace(container);
    }

    @Test
    void aFailedTeardownIsRunAgainByTheNextStartAndHoldsItsAddressTillThen() {
        Endpoint old = start("web");
        host.failNextTeardown = true;
        CompletableFuture<Void> done = net.releaseLater("web");
        runQueued();
        assertThat(done).isCompletedExceptionally();
        assertThat(host.links).contains(old.hostVeth());
        assertThat(start("next").ipv4Address()).isNotEqualTo(old.ipv4Address());

        Endpoint again = start("web");
        assertThat(host.links).doesNotContain(old.hostVeth()).contains(again.hostVeth());
    }

    @Test
    void aFailedSynchronousReleaseIsRetriedLikewise() {
        Endpoint old = start("web");
        host.failNextTeardown = true;
        assertThatThrownBy(() -> net.release("web")).hasMessageContaining("Device or resource busy");
        assertThat(net.endpointsOf("web")).isEmpty();
        assertThat(host.links).contains(old.hostVeth());
        net.release("web");
        assertThat(host.links).doesNotContain(old.hostVeth());
    }

    @Test
    void closeFinishesWhatIsPending() {
        Endpoint old = start("web");
        net.releaseLater("web");
        net.close();
        assertThat(host.links).doesNotContain(old.hostVeth());
        assertThat(net.namespacePath("web")).doesNotExist();
        net = Networking.open(FakeNetHost.options(dir), host, queued::add);
    }
}
