package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine's networking through the docker CLI: the default bridge, user networks with DNS, -p. */
class DockerNetworkE2E extends DockerCliBase {

    @AfterAll
    void removeNetwork() {
        if (docker != null) {
            docker.run("network", "rm", "e2e-net");
        }
    }

    @Test
    @DisplayName("the default bridge gives an address and the host's resolvers, no built-in DNS; none gives loopback only")
    void defaultBridgeAndNone() {
        assertThat(ok("run", "--rm", image, "ip", "-4", "addr", "show", "eth0").out()).contains("inet ");
        String resolv = ok("run", "--rm", image, "cat", "/etc/resolv.conf").out();
        assertThat(resolv).contains("nameserver ").doesNotContain("127.0.0.11").doesNotContain("nameserver 127.");
        assertThat(ok("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.default_bridge\"}}",
                "bridge").out().strip()).isEqualTo("true");
        assertThat(ok("run", "--rm", "--network", "none", image, "ip", "-o", "link").out()).doesNotContain("eth0");
        assertThat(ok("network", "ls", "--format", "{{.Name}}").out().lines().toList()).contains("bridge", "host", "none");
        java.util.List<String> shortIds = ok("network", "ls", "-q").out().lines().toList();
        assertThat(shortIds).as("each network, host and none too, has an id of its own").doesNotHaveDuplicates();
        assertThat(ok("network", "inspect", "-f", "{{.Name}}", shortIds.get(0)).out()).isNotBlank();
    }

    @Test
    @DisplayName("containers on a user network find each other by name; -p publishes on loopback")
    void userNetworkAndPorts() throws Exception {
        ok("network", "create", "--label", "suite=e2e", "e2e-net");
        try {
            String id = ok("run", "-d", "--name", "web", "--network", "e2e-net", "-p", "127.0.0.1::80", image, "httpd",
                    "-f", "-p", "80", "-h", "/etc").out().strip();
            String ip = ok("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web").out().strip();
            assertThat(ip).isNotEmpty();
            Docker.Result lookup = docker.run(30, "run", "--rm", "--network", "e2e-net", image, "nslookup", "web");
            assertThat(lookup.out()).as(lookup.text()).contains("Address: " + ip);
            Docker.Result fetched = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                if (fetched != null) {
                    Thread.sleep(200); // httpd may not listen yet
                }
                // by name, through the network's DNS (busybox nc; its wget crashes in static glibc's resolver)
                fetched = docker.run(30, "run", "--rm", "--network", "e2e-net", image, "sh", "-c",
                        "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 web 80");
            } while (!fetched.out().contains(id.substring(0, 12)) && System.nanoTime() < deadline);
            assertThat(fetched.out()).as(fetched.text()).startsWith("HTTP/1.1 200").endsWith(id.substring(0, 12) + "\n");
            String port = ok("port", "web", "80/tcp").out().strip();
            assertThat(port).startsWith("127.0.0.1:");
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                    + port + "/hostname")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(ok("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "e2e-net").out().strip())
                    .isEqualTo("web");
            assertThat(ok("ps", "--filter", "network=e2e-net", "--format", "{{.Names}}").out().strip()).isEqualTo("web");
        } finally {
            docker.run("rm", "-f", "web");
        }
        ok("network", "rm", "e2e-net");
        assertThat(docker.run("network", "inspect", "e2e-net").code()).isNotZero();
    }

    /** Polls {@code docker <args>} until its output contains {@code expected} (httpd may not listen yet). */
    private Docker.Result until(String expected, String... args) throws InterruptedException {
        Docker.Result r = docker.run(30, args);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!r.out().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = docker.run(30, args);
        }
        return r;
    }

    @Test
    @DisplayName("--network container:NAME shares the other's interfaces, address, files and hostname")
    void containerMode() throws Exception {
        try {
            String web = ok("run", "-d", "--name", "share-web", image, "httpd", "-f", "-p", "8080", "-h", "/etc")
                    .out().strip();
            String host = web.substring(0, 12);
            // web's port answers on the joined container's loopback
            Docker.Result fetched = until(host, "run", "--rm", "--network", "container:share-web", image, "sh", "-c",
                    "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 127.0.0.1 8080");
            assertThat(fetched.out()).as(fetched.text()).startsWith("HTTP/1.1 200").endsWith(host + "\n");
            String webAddr = ok("exec", "share-web", "ip", "-4", "-o", "addr", "show", "eth0").out().strip();
            assertThat(ok("run", "--rm", "--network", "container:" + host, image, "ip", "-4", "-o", "addr", "show",
                    "eth0").out().strip()).isEqualTo(webAddr);
            assertThat(ok("run", "--rm", "--network", "container:share-web", image, "sh", "-c", "hostname; echo $HOSTNAME")
                    .out()).isEqualTo(host + "\n" + host + "\n");
            assertThat(ok("run", "--rm", "--network", "container:share-web", image, "cat", "/etc/hosts",
                    "/etc/resolv.conf").out()).isEqualTo(ok("exec", "share-web", "cat", "/etc/hosts",
                    "/etc/resolv.conf").out());

            ok("run", "-d", "--name", "share-side", "--network", "container:share-web", image, "sleep", "300");
            assertThat(ok("inspect", "-f", "{{.HostConfig.NetworkMode}} {{len .NetworkSettings.Networks}}",
                    "share-side").out().strip()).isEqualTo("container:" + web + " 0");
            Docker.Result connect = docker.run("network", "connect", "bridge", "share-side");
            assertThat(connect.code()).isNotZero();
            assertThat(connect.err()).contains("cannot be connected to any other network");

            // Docker's conflicting options, before the target is even looked up
            for (String[] bad : new String[][] {{"-p", "9999:80"}, {"--dns", "192.0.2.1"}, {"-h", "other"},
                    {"--add-host", "x:192.0.2.1"}, {"--expose", "80"}}) {
                Docker.Result r = docker.run("run", "--rm", "--network", "container:share-web", bad[0], bad[1], image,
                        "true");
                assertThat(r.code()).as(String.join(" ", bad)).isNotZero();
                assertThat(r.err()).as(String.join(" ", bad)).contains("conflicting options");
            }
            assertThat(docker.run("run", "--rm", "--network", "container:no-such-box", image, "true").err())
                    .contains("No such container: no-such-box");

            // the joined container keeps running when web stops, but cannot start again until web runs
            ok("stop", "-t", "1", "share-web");
            assertThat(ok("inspect", "-f", "{{.State.Running}}", "share-side").out().strip()).isEqualTo("true");
            ok("stop", "-t", "1", "share-side");
            Docker.Result start = docker.run("start", "share-side");
            assertThat(start.code()).isNotZero();
            assertThat(start.err()).contains("cannot join network of a non running container: " + web);
            ok("start", "share-web");
            ok("start", "share-side");
            assertThat(ok("exec", "share-side", "ip", "-4", "-o", "addr", "show", "eth0").out().strip())
                    .isEqualTo(ok("exec", "share-web", "ip", "-4", "-o", "addr", "show", "eth0").out().strip());
        } finally {
            docker.run("rm", "-f", "share-side");
            docker.run("rm", "-f", "share-web");
        }
    }

    @Test
    @DisplayName("--network container:X of a none container X joins X's private namespace; none refuses other networks")
    void containerModeOfANoneContainer() {
        try {
            String quiet = ok("run", "-d", "--name", "none-box", "--network", "none", image, "sleep", "300").out().strip();
            String ns = ok("exec", "none-box", "readlink", "/proc/self/ns/net").out();
            assertThat(ok("run", "--rm", "--network", "container:none-box", image, "sh", "-c",
                    "readlink /proc/self/ns/net; ls /sys/class/net").out()).isEqualTo(ns + "lo\n");
            assertThat(ok("run", "--rm", "--network", "none", image, "readlink", "/proc/self/ns/net").out())
                    .as("every none container has a namespace of its own").isNotEqualTo(ns);
            assertThat(ok("exec", "none-box", "cat", "/etc/hosts").out()).contains("127.0.0.1\tlocalhost");

            Docker.Result connect = fails("network", "connect", "bridge", "none-box");
            assertThat(connect.err()).contains("container cannot be connected to multiple networks with one of the "
                    + "networks in private (none) mode");
            assertThat(fails("network", "disconnect", "none", "none-box").err()).contains("keeps its private (none) network");
            assertThat(ok("exec", "none-box", "ls", "/sys/class/net").out()).isEqualTo("lo\n");

            ok("stop", "-t", "1", "none-box");
            assertThat(fails("run", "--rm", "--network", "container:none-box", image, "true").err())
                    .contains("cannot join network of a non running container: " + quiet);
        } finally {
            docker.run("rm", "-f", "none-box");
        }
    }

    @Test
    @DisplayName("host and none modes: the host's interfaces and name; loopback only")
    void hostAndNoneModes() throws Exception {
        String hostname = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(ok("run", "--rm", "--network", "host", image, "hostname").out().strip()).isEqualTo(hostname);
        String bridge = ok("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", "bridge").out().strip();
        // the host's netns holds the default bridge's gateway address
        assertThat(ok("run", "--rm", "--network", "host", image, "ip", "-4", "-o", "addr").out()).contains(bridge + "/");
        assertThat(ok("run", "--rm", "--network", "none", image, "cat", "/etc/hosts").out())
                .contains("127.0.0.1\tlocalhost");
        Docker.Result ports = docker.run("run", "--rm", "--network", "none", "-p", "9998:80", image, "true");
        assertThat(ports.code()).isNotZero();
        // inspect names the pseudo network, with its id, as Docker does
        String noneId = ok("network", "inspect", "-f", "{{.Id}}", "none").out().strip();
        for (String mode : java.util.List.of("none", "host")) {
            ok("create", "--name", "mode-" + mode, "--network", mode, image, "true");
            try {
                assertThat(ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}|"
                        + "{{end}}", "mode-" + mode).out().strip()).isEqualTo(mode + " |");
            } finally {
                ok("rm", "mode-" + mode);
            }
        }
        ok("create", "--name", "mode-none-id", "--network", "none", image, "true");
        try {
            assertThat(ok("inspect", "-f", "{{.NetworkSettings.Networks.none.NetworkID}}", "mode-none-id").out().strip())
                    .isEqualTo(noneId);
        } finally {
            ok("rm", "mode-none-id");
        }
    }

    @Test
    @DisplayName("network connect/disconnect of a running container rewrite its /etc/hosts; host-gateway")
    void hostsFollowConnect() {
        String gateway = ok("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", "bridge").out().strip();
        ok("network", "create", "e2e-hosts");
        try {
            String id = ok("run", "-d", "--name", "hosts-box", "--add-host", "gw:host-gateway", "--add-host",
                    "fixed:192.0.2.7", image, "sleep", "300").out().strip();
            String before = ok("exec", "hosts-box", "cat", "/etc/hosts").out();
            assertThat(before).contains(gateway + "\tgw\n", "192.0.2.7\tfixed\n");
            ok("network", "connect", "--alias", "second", "e2e-hosts", "hosts-box");
            String ip = ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"e2e-hosts\").IPAddress}}", "hosts-box")
                    .out().strip();
            assertThat(ip).isNotEmpty();
            assertThat(ok("exec", "hosts-box", "cat", "/etc/hosts").out()).contains(ip + "\t" + id.substring(0, 12) + "\n")
                    .contains(gateway + "\tgw\n");
            ok("network", "disconnect", "e2e-hosts", "hosts-box");
            assertThat(ok("exec", "hosts-box", "cat", "/etc/hosts").out()).isEqualTo(before);
        } finally {
            docker.run("rm", "-f", "hosts-box");
            docker.run("network", "rm", "e2e-hosts");
        }
    }

    @Test
    @DisplayName("IPAM: subnet, ip range, gateway and auxiliary addresses are used and shown")
    void ipamConfig() {
        // a /28 unlikely to be used by anything else on this host
        String base = "10." + ThreadLocalRandom.current().nextInt(100, 200) + "." + ThreadLocalRandom.current()
                .nextInt(0, 256) + ".";
        ok("network", "create", "--subnet", base + "0/28", "--ip-range", base + "8/29", "--gateway", base + "1",
                "--aux-address", "router=" + base + "8", "--aux-address", "printer=" + base + "9", "e2e-ipam");
        try {
            assertThat(ok("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{.IPRange}} {{.Gateway}} "
                    + "{{.AuxiliaryAddresses}}{{end}}", "e2e-ipam").out().strip())
                    .isEqualTo(base + "0/28 " + base + "8/29 " + base + "1 map[printer:" + base + "9 router:" + base + "8]");
            assertThat(ok("run", "--rm", "--network", "e2e-ipam", image, "ip", "-4", "-o", "addr", "show", "eth0").out())
                    .contains("inet " + base + "10/28");
            Docker.Result taken = docker.run("run", "--rm", "--network", "e2e-ipam", "--ip", base + "8", image, "true");
            assertThat(taken.code()).isNotZero();
        } finally {
            docker.run("network", "rm", "e2e-ipam");
        }
    }

    @Test
    @DisplayName("an IPv6 network: containers get addresses and reach each other by name (AAAA)")
    void ipv6() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // groups without leading zeros: docker prints addresses in their shortest form ("a93", not "0a93")
        String prefix = String.format("fd%02x:%x:%x:%x:", r.nextInt(0x10, 0x100), r.nextInt(0x1000, 0x10000),
                r.nextInt(0x1000, 0x10000), r.nextInt(0x1000, 0x10000));
        ok("network", "create", "--ipv6", "--subnet", prefix + ":/64", "e2e-v6");
        try {
            ok("run", "-d", "--name", "v6-a", "--network", "e2e-v6", image, "sleep", "300");
            String a6 = ok("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}/"
                    + "{{.GlobalIPv6PrefixLen}}{{end}}", "v6-a").out().strip();
            assertThat(a6).startsWith(prefix).endsWith("/64");
            String addr = a6.substring(0, a6.indexOf('/'));
            Docker.Result lookup = docker.run(30, "run", "--rm", "--network", "e2e-v6", image, "nslookup", "-type=AAAA",
                    "v6-a");
            assertThat(lookup.out()).as(lookup.text()).contains(addr);
            Docker.Result ping = docker.run(30, "run", "--rm", "--network", "e2e-v6", image, "ping", "-6", "-c", "1",
                    "-W", "5", "v6-a");
            assertThat(ping.code()).as(ping.text()).isZero();
            assertThat(ping.out()).contains(addr);
        } finally {
            docker.run("rm", "-f", "v6-a");
            docker.run("network", "rm", "e2e-v6");
        }
    }
}
