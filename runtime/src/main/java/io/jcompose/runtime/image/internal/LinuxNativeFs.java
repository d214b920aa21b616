package io.jcompose.runtime.image.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** {@link NativeFs} on Linux through glibc (jnr-ffi) and jnr-posix. */
public final class LinuxNativeFs implements NativeFs {

    /** The glibc functions used here; jnr-posix has no mknod or xattr calls. */
    public interface LibC {
        @SaveError
        int mknod(String path, int mode, long dev);

        @SaveError
        int lsetxattr(String path, String name, byte[] value, long size, int flags);

        @SaveError
        long lgetxattr(String path, String name, byte[] value, long size);

        @SaveError
        int lchown(String path, int uid, int gid);

        String strerror(int errnum);
    }

    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private final LibC libc = LibraryLoader.create(LibC.class).load("c");
    private final jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
    private final POSIX posix = POSIXFactory.getNativePOSIX();

    @Override
    public boolean privileged() {
        return posix.geteuid() == 0;
    }

    @Override
    public void mknod(Path path, char type, int permissions, int major, int minor) {
        int kind = switch (type) {
            case 'c' -> S_IFCHR;
            case 'b' -> S_IFBLK;
            case 'p' -> S_IFIFO;
            default -> throw new IllegalArgumentException("device type " + type);
        };
        check(libc.mknod(path.toString(), kind | (permissions & 07777), makedev(major, minor)), "mknod", path);
    }

    @Override
    public void chmod(Path path, int mode) {
        if (posix.chmod(path.toString(), mode & 07777) < 0) {
            throw new NativeFsException("chmod " + path + " failed: " + libc.strerror(posix.errno()), posix.errno());
        }
    }

    @Override
    public void lchown(Path path, int uid, int gid) {
        check(libc.lchown(path.toString(), uid, gid), "lchown", path);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) {
        check(libc.lsetxattr(path.toString(), name, value, value.length, 0), "lsetxattr " + name, path);
    }

    @Override
    public Optional<byte[]> getXattr(Path path, String name) {
        byte[] buf = new byte[4096];
        long n = libc.lgetxattr(path.toString(), name, buf, buf.length);
        return n < 0 ? Optional.empty() : Optional.of(Arrays.copyOf(buf, (int) n));
    }

    @Override
    public int[] deviceNumbers(Path path) {
        FileStat st = posix.lstat(path.toString());
        long rdev = st.rdev();
        int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        return new int[] {major, minor};
    }

    /** glibc's makedev(3). */
    static long makedev(long major, long minor) {
        return ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    private void check(long rc, String call, Path path) {
        if (rc < 0) {
            int errno = LastError.getLastError(runtime);
            throw new NativeFsException(call + " " + path + " failed: " + libc.strerror(errno), errno);
        }
    }
}
