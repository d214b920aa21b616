package io.jcompose.runtime.image;

import io.jcompose.runtime.image.internal.LinuxNativeFs;
import io.jcompose.runtime.image.internal.NativeFs;
import java.nio.file.Path;
import java.util.Optional;

/** The real calls, but reporting an unprivileged process, so tests run the non-root paths as root too. */
final class UnprivilegedFs implements NativeFs {
    private final LinuxNativeFs real = new LinuxNativeFs();

    @Override
    public boolean privileged() {
        return false;
    }

    @Override
    public void mknod(Path path, char type, int permissions, int major, int minor) {
        real.mknod(path, type, permissions, major, minor);
    }

    @Override
    public void chmod(Path path, int mode) {
        real.chmod(path, mode);
    }

    @Override
    public void lchown(Path path, int uid, int gid) {
        real.lchown(path, uid, gid);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) {
        real.setXattr(path, name, value);
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) {
        return real.getXattr(path, name);
    }

    @Override
    public int[] deviceNumbers(Path path) {
        return real.deviceNumbers(path);
    }
}
