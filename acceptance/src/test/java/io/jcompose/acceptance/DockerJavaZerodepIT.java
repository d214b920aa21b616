package io.jcompose.acceptance;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.jcompose.testing.RequiresRoot;
import java.net.URI;
import java.time.Duration;

/** {@link DockerJavaContract} over docker-java's zerodep transport. */
@RequiresRoot
class DockerJavaZerodepIT extends DockerJavaContract {
    @Override
    DockerHttpClient transport(URI dockerHost) {
        return new ZerodepDockerHttpClient.Builder().dockerHost(dockerHost).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
