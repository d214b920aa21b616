package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The engine's networking through the docker CLI: the default bridge, user networks with DNS, -p. */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerNetworkE2E {
    EngineProcess engine;
    Docker docker;
    final String image = TestImages.BUSYBOX;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.start();
        docker = new Docker(engine.socket);
        engine.loadBusybox();
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            try {
                docker.run("network", "rm", "e2e-net");
            } finally {
                engine.close();
            }
        }
    }

    private Docker.Result ok(String... args) {
        Docker.Result r = docker.run(args);
        assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.text()).isZero();
        return r;
    }

    @Test
    @DisplayName("the default bridge gives an address; none gives loopback only")
    void defaultBridgeAndNone() {
        assertThat(ok("run", "--rm", image, "ip", "-4", "addr", "show", "eth0").out()).contains("inet ");
        assertThat(ok("run", "--rm", "--network", "none", image, "ip", "-o", "link").out()).doesNotContain("eth0");
        assertThat(ok("network", "ls", "--format", "{{.Name}}").out().lines().toList()).contains("bridge", "host", "none");
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
}
