package io.jcompose.orchestrator.cli;

/** Entry point of the {@code jcompose} command; the CLI proper is built under issue 2. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("jcompose 0.1.0-SNAPSHOT");
    }
}
