package io.jcompose.network.internal;

import io.jcompose.network.NetworkException;
import java.nio.file.Path;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The few libc calls the network module makes itself (netlink sockets, network namespaces of the calling
 * thread), through jnr-ffi; a failed call becomes a {@link NetworkException} with the kernel's error text.
 */
final class Syscalls {

    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int MSG_DONTWAIT = 0x40;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final long MS_BIND = 4096;

    /** The libc functions, as jnr-ffi binds them. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int name, @In byte[] value, int length);

        long send(int fd, @In byte[] buffer, long length, int flags);

        long recv(int fd, @Out byte[] buffer, long length, int flags);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);

        int unshare(int flags);

        int mount(String source, String target, String fstype, long flags, String data);

        String strerror(int errno);
    }

    private final LibC libc;
    private final Runtime runtime;

    private Syscalls(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /**
     * Binds libc; throws (UnsatisfiedLinkError, or a RuntimeException of jnr) where jnr-ffi cannot load on this
     * host, which the caller turns into a fall-back.
     */
    static Syscalls load() {
        return new Syscalls(LibraryLoader.create(LibC.class).failImmediately().load("c"));
    }

    LibC libc() {
        return libc;
    }

    int errno() {
        return LastError.getLastError(runtime);
    }

    String strerror(int errno) {
        return libc.strerror(errno);
    }

    /** The failure of the call just made, as "what failed: Error text". */
    NetworkException failure(String what) {
        return new NetworkException(NetworkException.Kind.HOST, what + " failed: " + strerror(errno()));
    }

    /** {@code open(path, O_RDONLY|O_CLOEXEC)}, the way to hold a namespace file. */
    int openReadOnly(String path) {
        int fd = libc.open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw failure("opening " + path);
        }
        return fd;
    }

    /** Closes {@code fd}; a failed close leaks nothing worth reporting. */
    void close(int fd) {
        libc.close(fd);
    }

    /** Moves the calling thread into a new network namespace, see unshare(2). */
    void unshareNet() {
        if (libc.unshare(CLONE_NEWNET) != 0) {
            throw failure("creating a network namespace");
        }
    }

    /** Moves the calling thread into the network namespace {@code fd}; false (errno set) when refused. */
    boolean setns(int fd) {
        return libc.setns(fd, CLONE_NEWNET) == 0;
    }

    /** {@code mount --bind source target}. */
    void bindMount(String source, Path target) {
        if (libc.mount(source, target.toString(), "none", MS_BIND, null) != 0) {
            throw failure("bind-mounting " + source + " on " + target);
        }
    }
}
