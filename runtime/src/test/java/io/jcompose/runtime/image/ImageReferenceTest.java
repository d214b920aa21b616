package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void shortNamesAreDockerHubLibraryImages() {
        ImageReference ref = ImageReference.parse("busybox").withDefaultTag();
        assertThat(ref.canonical()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ref.familiar()).isEqualTo("busybox:latest");
    }

    @Test
    void userRepositoriesStayOnDockerHub() {
        assertThat(ImageReference.parse("jcompose-test/busybox:1.0").canonical())
                .isEqualTo("docker.io/jcompose-test/busybox:1.0");
        assertThat(ImageReference.parse("docker.io/library/redis:7").familiar()).isEqualTo("redis:7");
        assertThat(ImageReference.parse("index.docker.io/library/redis").canonical()).isEqualTo("docker.io/library/redis");
    }

    @Test
    void firstPartIsARegistryOnlyWithDotColonOrLocalhost() {
        assertThat(ImageReference.parse("localhost/app").domain()).isEqualTo("localhost");
        assertThat(ImageReference.parse("localhost:5000/app:v1").familiar()).isEqualTo("localhost:5000/app:v1");
        assertThat(ImageReference.parse("ghcr.io/org/app").path()).isEqualTo("org/app");
        assertThat(ImageReference.parse("org/app").domain()).isEqualTo("docker.io");
    }

    @Test
    void portIsNotATag() {
        ImageReference ref = ImageReference.parse("localhost:5000/app");
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.withDefaultTag().tag()).contains("latest");
    }

    @Test
    void digestReferencesKeepNoDefaultTag() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference ref = ImageReference.parse("busybox@" + digest).withDefaultTag();
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.canonical()).isEqualTo("docker.io/library/busybox@" + digest);
    }

    @Test
    void badReferencesAreClearErrors() {
        assertThatThrownBy(() -> ImageReference.parse("busybox/Upper"))
                .isInstanceOf(ImageException.class).hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> ImageReference.parse("busybox:bad tag"))
                .isInstanceOf(ImageException.class).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("busybox@sha256:123"))
                .isInstanceOf(ImageException.class).hasMessageContaining("invalid digest");
        assertThatThrownBy(() -> ImageReference.parse(""))
                .isInstanceOf(ImageException.class).hasMessageContaining("invalid reference format");
    }
}
