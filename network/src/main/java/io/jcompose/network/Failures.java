package io.jcompose.network;

/** Steps that must all be tried even when one fails: the first failure is thrown, the others attached to it. */
final class Failures {

    private RuntimeException first;

    void run(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
    }

    void throwFirst() {
        if (first != null) {
            throw first;
        }
    }
}
