package io.jcompose.acceptance;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.jcompose.testing.RequiresRoot;
import java.net.URI;
import java.time.Duration;

/** {@link DockerJavaContract} over docker-java's Apache HttpClient 5 transport (the one its README shows). */
@RequiresRoot
class DockerJavaHttpClient5IT extends DockerJavaContract {
    @Override
    DockerHttpClient transport(URI dockerHost) {
        return new ApacheDockerHttpClient.Builder().dockerHost(dockerHost).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
