package io.jcompose.orchestrator.cli;

import io.jcompose.errors.UsageException;
import io.jcompose.orchestrator.config.ConfigReport;
import io.jcompose.orchestrator.config.ConfigRequest;
import io.jcompose.orchestrator.config.ConfigRequest.View;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jcompose config}: parse, resolve and render the compose files in canonical form. */
@Command(name = "config", description = "Parse, resolve and render compose file in canonical format")
public final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    JcomposeCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to render (with their dependencies)")
    List<String> services = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output. Values: [yaml | json]")
    String format = "";

    @Option(names = {"-q", "--quiet"}, description = "Only validate the configuration, don't print anything")
    boolean quiet;

    @Option(names = "--no-interpolate", description = "Don't interpolate environment variables")
    boolean noInterpolate;

    @Option(names = "--services", description = "Print the service names, one per line.")
    boolean servicesView;

    @Option(names = "--volumes", description = "Print the volume names, one per line.")
    boolean volumes;

    @Option(names = "--networks", description = "Print the network names, one per line.")
    boolean networks;

    @Option(names = "--models", description = "Print the model names, one per line.")
    boolean models;

    @Option(names = "--profiles", description = "Print the profile names, one per line.")
    boolean profiles;

    @Option(names = "--images", description = "Print the image names, one per line.")
    boolean images;

    @Option(names = "--variables", description = "Print model variables and default values.")
    boolean variables;

    @Option(names = "--environment", description = "Print environment used for interpolation.")
    boolean environment;

    @Option(names = "--hash", paramLabel = "SERVICE", description = "Print the service config hash, one per line (\"*\" for all).")
    String hash;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Save to file (default to stdout)")
    String output;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Override
    public Integer call() {
        ConfigRequest req = new ConfigRequest(parent.global.toLoadOptions().withInterpolation(!noInterpolate),
                services, format.isEmpty() && view() != View.VARIABLES ? "yaml" : format, view(), Optional.ofNullable(hash));
        String text = ConfigReport.render(req, w -> spec.commandLine().getErr().println("WARN[0000] " + w));
        if (quiet) {
            return 0;
        }
        if (output != null && !text.isEmpty()) {
            try {
                Files.writeString(Path.of(output), text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot write " + output + ": " + e.getMessage());
            }
            return 0;
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private View view() {
        if (quiet) {
            return View.QUIET;
        }
        if (servicesView) {
            return View.SERVICES;
        }
        if (volumes) {
            return View.VOLUMES;
        }
        if (networks) {
            return View.NETWORKS;
        }
        if (models) {
            return View.MODELS;
        }
        if (hash != null) {
            return View.HASH;
        }
        if (profiles) {
            return View.PROFILES;
        }
        if (images) {
            return View.IMAGES;
        }
        if (variables) {
            return View.VARIABLES;
        }
        if (environment) {
            return View.ENVIRONMENT;
        }
        return View.MODEL;
    }
}
